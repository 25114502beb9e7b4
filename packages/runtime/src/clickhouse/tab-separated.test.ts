import { describe, expect, it } from 'vitest';
import { tabSeparatedField, toTabSeparated } from './tab-separated';

describe('tabSeparatedField', () => {
  it('leaves a plain string as it is', () => {
    expect(tabSeparatedField("crm://accounts/1 'quoted'")).toBe("crm://accounts/1 'quoted'");
  });

  it('escapes what would end a field or a row, and the escape character itself', () => {
    expect(tabSeparatedField('a\tb\nc\\d\re\0f')).toBe('a\\tb\\nc\\\\d\\re\\0f');
  });

  it('writes numbers as JavaScript does', () => {
    expect(tabSeparatedField(12.5)).toBe('12.5');
    expect(tabSeparatedField(0)).toBe('0');
  });

  it('refuses what is neither a string nor a finite number', () => {
    expect(() => tabSeparatedField(Number.NaN)).toThrow(/finite number/);
    expect(() => tabSeparatedField(['a'] as unknown as string)).toThrow(/string/);
  });
});

describe('toTabSeparated', () => {
  it('writes the columns in the order given, one row per line', () => {
    const rows = [
      { b: 'x', a: 1 },
      { a: 2, b: 'y\tz' },
    ];
    expect(toTabSeparated(['a', 'b'], rows)).toBe('1\tx\n2\ty\\tz\n');
  });
});
