import { describe, expect, it } from 'vitest';
import { IdentityEvent } from './identity-event';

describe('IdentityEvent', () => {
  it('requires a tokenId on token events', () => {
    const event = { eventId: 'i-1', time: '2026-03-02T10:00:00Z', type: 'token.revoked' };
    expect(IdentityEvent.safeParse(event).success).toBe(false);
    expect(IdentityEvent.safeParse({ ...event, tokenId: 'jti-1' }).success).toBe(true);
  });

  it('accepts a user event without a token', () => {
    const event = {
      eventId: 'i-2',
      time: '2026-03-02T10:00:00Z',
      type: 'user.disabled',
      userId: 'u',
    };
    expect(IdentityEvent.safeParse(event).success).toBe(true);
  });
});
