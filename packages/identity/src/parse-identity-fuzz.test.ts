import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ_RUNS, hostileMessage } from '@vigil/contracts/testing';
import { parseIdentityMessage } from './parse-identity-message';

describe('the identity parser, on input nobody meant to send', () => {
  it('answers with an event, a skip or a reason, and never throws', () => {
    fc.assert(
      fc.property(hostileMessage, (value) => {
        const parsed = parseIdentityMessage(value ?? Buffer.alloc(0));
        if (parsed.kind === 'event') expect(Number.isFinite(parsed.timeMs)).toBe(true);
        else expect(parsed.reason.length).toBeGreaterThan(0);
      }),
      FUZZ_RUNS,
    );
  });
});
