import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeEnvelope } from './pipeline-envelope';
import { FUZZ_RUNS, hostileMessage } from './testing/hostile-input';

describe('the internal envelope decoder, on bytes that are not an envelope', () => {
  it('answers with a reason and never throws', () => {
    fc.assert(
      fc.property(hostileMessage, (value) => {
        const decoded = decodeEnvelope(value);
        if (decoded.ok) expect(Number.isFinite(decoded.value.timeMs)).toBe(true);
        else expect(decoded.reason.length).toBeGreaterThan(0);
      }),
      FUZZ_RUNS,
    );
  });
});
