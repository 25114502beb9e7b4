import { describe, expect, it } from 'vitest';
import { parseIdentityMessage } from './parse-identity-message';
import { oktaMessage } from './testing/okta-fixture';

const normalized = {
  eventId: 'idp-1',
  time: '2026-03-02T09:00:00.000+01:00',
  type: 'token.revoked',
  tokenId: 'jti-1',
  idp: 'entra',
  shipper: 'kept',
};

describe('parseIdentityMessage', () => {
  it('accepts a normalized identity event from a Buffer, keeps unknown fields and parses its time once', () => {
    const result = parseIdentityMessage(Buffer.from(JSON.stringify(normalized)));
    expect(result).toEqual({
      kind: 'event',
      event: normalized,
      timeMs: Date.UTC(2026, 2, 2, 8, 0, 0),
    });
  });

  it('maps a raw Okta event given as a string', () => {
    const result = parseIdentityMessage(oktaMessage('0009'));
    expect(result).toMatchObject({ kind: 'event', event: { type: 'token.revoked', idp: 'okta' } });
  });

  it('rejects bytes that are not JSON', () => {
    expect(parseIdentityMessage('{"eventId":')).toMatchObject({
      kind: 'invalid',
      code: 'VIGIL_IDENTITY_NOT_JSON',
    });
  });

  it('rejects JSON that is not an object', () => {
    expect(parseIdentityMessage('[1,2]')).toMatchObject({
      kind: 'invalid',
      code: 'VIGIL_IDENTITY_UNKNOWN_SHAPE',
    });
  });

  it('rejects an object of neither shape, naming both', () => {
    const result = parseIdentityMessage(JSON.stringify({ hello: 'world' }));
    expect(result.kind).toBe('invalid');
    if (result.kind === 'invalid') expect(result.reason).toMatch(/normalized.*Okta/);
  });

  it('rejects a normalized token event without a tokenId, saying which field', () => {
    const { tokenId: _tokenId, ...withoutToken } = normalized;
    const result = parseIdentityMessage(JSON.stringify(withoutToken));
    expect(result).toMatchObject({ kind: 'invalid', code: 'VIGIL_IDENTITY_INVALID_NORMALIZED' });
    if (result.kind === 'invalid') expect(result.reason).toContain('tokenId');
  });

  it('rejects a normalized event with a time that is not RFC 3339', () => {
    const result = parseIdentityMessage(JSON.stringify({ ...normalized, time: 'yesterday' }));
    expect(result).toMatchObject({ kind: 'invalid', code: 'VIGIL_IDENTITY_INVALID_NORMALIZED' });
  });

  it('rejects an Okta-shaped event whose fields have the wrong types', () => {
    const raw = JSON.parse(oktaMessage('0003')) as Record<string, unknown>;
    raw.target = 'not a list';
    const result = parseIdentityMessage(JSON.stringify(raw));
    expect(result).toMatchObject({ kind: 'invalid', code: 'VIGIL_IDENTITY_INVALID_OKTA' });
    if (result.kind === 'invalid') expect(result.reason).toContain('target');
  });
});
