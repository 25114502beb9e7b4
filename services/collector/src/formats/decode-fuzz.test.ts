import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ_RUNS, hostileMessage } from '@vigil/contracts/testing';
import { ALL_INPUT_TOPICS } from '../testing/all-input-topics';
import { decodeInput } from './input-formats';

const topics = ALL_INPUT_TOPICS;

describe('every input decoder, on input nobody meant to send', () => {
  it('answers with records or a reason and never throws', () => {
    fc.assert(
      fc.property(fc.constantFrom(...topics.keys()), hostileMessage, (topic, value) => {
        const decoded = decodeInput(topics, topic, value);
        if (!decoded.ok) expect(decoded.reason.length).toBeGreaterThan(0);
      }),
      FUZZ_RUNS,
    );
  });

  it('keeps a huge string as a reason, not a crash', () => {
    const huge = Buffer.from(JSON.stringify({ eventId: 'x'.repeat(5_000_000) }));
    for (const topic of topics.keys()) expect(decodeInput(topics, topic, huge).ok).toBe(false);
  });
});
