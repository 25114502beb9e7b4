import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signPayload, verifySignature } from './signature';

const body = '{"alertId":"a1"}';
const now = 1_767_225_600;

describe('signPayload', () => {
  it('signs "<t>.<body>" with HMAC-SHA256 in the contract header format', () => {
    const hex = createHmac('sha256', 's3cret').update(`${now}.${body}`).digest('hex');
    expect(signPayload(body, 's3cret', now)).toBe(`t=${now},v1=${hex}`);
  });
});

describe('verifySignature', () => {
  it('accepts a signature made with the shared secret', () => {
    const header = signPayload(body, 's3cret', now);
    expect(verifySignature({ body, header, secrets: ['s3cret'], nowSeconds: now + 10 })).toEqual({
      ok: true,
    });
  });

  it('rejects a body changed after signing', () => {
    const header = signPayload(body, 's3cret', now);
    const tampered = body.replace('a1', 'a2');
    expect(
      verifySignature({ body: tampered, header, secrets: ['s3cret'], nowSeconds: now }),
    ).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('rejects a timestamp older than the tolerance, even with a correct signature', () => {
    const header = signPayload(body, 's3cret', now - 301);
    expect(verifySignature({ body, header, secrets: ['s3cret'], nowSeconds: now })).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(
      verifySignature({
        body,
        header,
        secrets: ['s3cret'],
        nowSeconds: now,
        toleranceSeconds: 600,
      }),
    ).toEqual({ ok: true });
  });

  it('accepts any of several secrets so a secret can be rotated', () => {
    const header = signPayload(body, 'new-secret', now);
    expect(
      verifySignature({ body, header, secrets: ['old-secret', 'new-secret'], nowSeconds: now }),
    ).toEqual({ ok: true });
    expect(verifySignature({ body, header, secrets: ['old-secret'], nowSeconds: now })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('accepts a header carrying several v1 entries when one of them matches', () => {
    const oldSig = signPayload(body, 'old', now).split(',')[1];
    const header = `${signPayload(body, 'new', now)},${oldSig}`;
    expect(verifySignature({ body, header, secrets: ['old'], nowSeconds: now })).toEqual({
      ok: true,
    });
  });

  it.each([
    ['a missing header', undefined],
    ['an empty header', ''],
    ['no timestamp', 'v1=' + 'a'.repeat(64)],
    ['no v1 entry', `t=${now}`],
    ['a non-numeric timestamp', `t=soon,v1=${'a'.repeat(64)}`],
    ['a v1 that is not 64 hex digits', `t=${now},v1=abc`],
  ])('reports %s as malformed', (_case, header) => {
    expect(verifySignature({ body, header, secrets: ['s3cret'], nowSeconds: now })).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });
});
