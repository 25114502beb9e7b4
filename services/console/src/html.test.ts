import { describe, expect, it } from 'vitest';
import { html } from './html';

describe('pages', () => {
  it('every value from outside is escaped; nested fragments are kept', () => {
    const hostile = `<script>alert("x")</script>' onload='x`;
    const escaped = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onload=&#39;x';
    const text = html`<td title="${hostile}">${hostile}</td>
      ${html`<b>${'bold'}</b>`}${['a&b']}`.text;
    expect(text).toContain(`title="${escaped}"`);
    expect(text).toContain(`>${escaped}</td>`);
    expect(text).toContain('<b>bold</b>');
    expect(text).toContain('a&amp;b');
    expect(text).not.toContain('<script>');
  });
});
