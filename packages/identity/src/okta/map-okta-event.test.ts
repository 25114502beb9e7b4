import { describe, expect, it } from 'vitest';
import { parseIdentityMessage } from '../parse-identity-message';
import { mapOktaEvent } from './map-okta-event';
import { OktaLogEvent } from './okta-log-event';
import { loadOktaFixture, oktaMessage } from '../testing/okta-fixture';

const ALICE = '00u9f3k2LmQxA1ice0h7';
const BOB = '00u9f3k7RtB0b5xYz0h7';
const CAROL = '00u9f3kCar0lW2pQs0h7';
const RESEARCH = '0oa9f4mcpResearch0h7';
const SUPPORT = '0oa9f4mcpSupportB0h7';

function mapped(suffix: string) {
  const result = parseIdentityMessage(oktaMessage(suffix));
  if (result.kind !== 'event') throw new Error(`expected an event, got ${JSON.stringify(result)}`);
  return result.event;
}

describe('Okta System Log mapping', () => {
  it('every fixture event validates against the LogEvent schema', () => {
    for (const raw of loadOktaFixture()) expect(OktaLogEvent.safeParse(raw).success).toBe(true);
  });

  it('an access token grant becomes token.issued for the client, the user, the session, scopes and expiry', () => {
    expect(mapped('0003')).toEqual({
      eventId: 'f3a1c0d2-8b4e-11f0-9d2a-5b1c0e7a0003',
      time: '2026-03-02T09:00:06.021Z',
      idp: 'okta',
      type: 'token.issued',
      tokenId: 'AT.Wq3sJk9yUe1m0ZbR7vXcTfGh2LpN4aDo5iKe8uYwQzA',
      agentId: RESEARCH,
      userId: ALICE,
      sessionId: '102Fq8yL3HsZa7bcDEfGh1jk',
      scopes: ['mcp:tools.read', 'mcp:resources.read'],
      expiresAt: '2026-03-02T10:00:06.000Z',
    });
  });

  it('a refresh token grant issues the refresh token target', () => {
    const event = mapped('0004');
    expect(event).toMatchObject({
      type: 'token.issued',
      tokenId: 'oar9f5Rt7aLiCeQx20h7',
      agentId: RESEARCH,
      userId: ALICE,
    });
    expect(event.scopes).toEqual(['mcp:tools.read', 'mcp:resources.read', 'offline_access']);
    expect(event.expiresAt).toBe('2026-03-09T09:00:06.000Z');
  });

  it('an id token grant issues the id token target', () => {
    expect(mapped('0005')).toMatchObject({
      type: 'token.issued',
      tokenId: 'ID.p0Lq8zVb3NcXm2Ar6TyUe4IoWs9DfGh1Jk7LmNbVcXz',
      scopes: ['openid', 'profile'],
    });
  });

  it('an org authorization server grant (app.oauth2.token.grant.*) maps like a custom one, splitting space-separated scopes', () => {
    expect(mapped('0006')).toMatchObject({
      type: 'token.issued',
      tokenId: 'AT.Hn5tRe2wQa8zXs1Cv4BgNy7Mu0JkIo3Lp6OiUyTrEwQ',
      agentId: SUPPORT,
      userId: BOB,
      sessionId: '102Kd3mN8PqRs2tUvWxYz4ab',
      scopes: ['tickets:read', 'tickets:write'],
    });
  });

  it('a client-credentials grant has no user (the subject is the client itself) and no session', () => {
    const event = mapped('0007');
    expect(event).toMatchObject({
      type: 'token.issued',
      tokenId: 'AT.Zx8cVb2nMa5sDf1gHj4kLq7wEr0tYu3iOp6AsDfGhJk',
      agentId: SUPPORT,
    });
    expect(event.userId).toBeUndefined();
    expect(event.sessionId).toBeUndefined();
  });

  it('a failed grant is skipped, not an error', () => {
    expect(parseIdentityMessage(oktaMessage('0008'))).toEqual({
      kind: 'skipped',
      eventType: 'app.oauth2.as.token.grant.access_token',
      reason: 'outcome FAILURE, not SUCCESS',
    });
  });

  it('a token revocation on either authorization server becomes token.revoked', () => {
    expect(mapped('0009')).toMatchObject({
      type: 'token.revoked',
      tokenId: 'AT.Wq3sJk9yUe1m0ZbR7vXcTfGh2LpN4aDo5iKe8uYwQzA',
      agentId: RESEARCH,
      userId: ALICE,
    });
    expect(mapped('0010')).toMatchObject({
      type: 'token.revoked',
      tokenId: 'AT.Hn5tRe2wQa8zXs1Cv4BgNy7Mu0JkIo3Lp6OiUyTrEwQ',
      agentId: SUPPORT,
      userId: BOB,
    });
  });

  it('a consent grant becomes delegation.granted with the consented scopes', () => {
    expect(mapped('0002')).toMatchObject({
      type: 'delegation.granted',
      userId: ALICE,
      agentId: RESEARCH,
      scopes: ['mcp:tools.read', 'mcp:resources.read'],
      time: '2026-03-02T09:00:05.387Z',
    });
  });

  it('a consent revocation becomes delegation.revoked for that user and client', () => {
    expect(mapped('0011')).toMatchObject({
      type: 'delegation.revoked',
      userId: ALICE,
      agentId: RESEARCH,
    });
  });

  it("a logout ends the user's own session", () => {
    expect(mapped('0012')).toMatchObject({
      type: 'session.ended',
      sessionId: '102Fq8yL3HsZa7bcDEfGh1jk',
      userId: ALICE,
    });
  });

  it("an admin clearing a user's sessions ends all of that user's sessions, not the admin's", () => {
    const event = mapped('0013');
    expect(event).toMatchObject({ type: 'session.ended', userId: BOB });
    expect(event.sessionId).toBeUndefined();
  });

  it('suspending or deactivating a user disables the target user, not the admin', () => {
    expect(mapped('0014')).toMatchObject({
      type: 'user.disabled',
      userId: BOB,
      time: '2026-03-02T09:50:02.901Z',
    });
    expect(mapped('0015')).toMatchObject({ type: 'user.disabled', userId: CAROL });
  });

  it('event types Vigil does not use are skipped', () => {
    expect(parseIdentityMessage(oktaMessage('0001'))).toMatchObject({
      kind: 'skipped',
      eventType: 'user.authentication.sso',
    });
    expect(parseIdentityMessage(oktaMessage('0016'))).toMatchObject({
      kind: 'skipped',
      eventType: 'policy.evaluate_sign_on',
    });
  });

  it('a used event type missing what Vigil needs is invalid with a code', () => {
    const raw = JSON.parse(oktaMessage('0003')) as { target: unknown[] };
    raw.target = raw.target.slice(0, 2);
    const parsed = OktaLogEvent.parse(raw);
    expect(mapOktaEvent(parsed)).toMatchObject({
      kind: 'invalid',
      code: 'VIGIL_IDENTITY_UNMAPPABLE_OKTA',
    });
  });

  it('a logout without an Okta session id is invalid rather than ending every session', () => {
    const raw = JSON.parse(oktaMessage('0012')) as {
      authenticationContext: { externalSessionId: string };
    };
    raw.authenticationContext.externalSessionId = 'unknown';
    expect(parseIdentityMessage(JSON.stringify(raw))).toMatchObject({
      kind: 'invalid',
      code: 'VIGIL_IDENTITY_UNMAPPABLE_OKTA',
    });
  });
});
