import { describe, expect, it } from 'vitest';
import { ResponseError } from './errors';
import { DEFAULT_RULES, parsePolicy } from './policy';

describe('parsePolicy', () => {
  it('fills the documented defaults for an empty policy file', () => {
    expect(parsePolicy({})).toEqual({
      rules: DEFAULT_RULES,
      suppressionWindowMs: 15 * 60_000,
      groupingWindowMs: 10_000,
      neverIsolate: [],
      maxAnomaliesPerAlert: 20,
    });
  });

  it('keeps rules with a kind list or a wildcard', () => {
    const policy = parsePolicy({
      rules: [
        { kinds: ['token_misuse'], minScore: 50, action: 'isolate' },
        { kinds: '*', minScore: 70, action: 'notify' },
      ],
    });
    expect(policy.rules).toHaveLength(2);
  });

  it('names the field that is wrong', () => {
    const attempt = () => parsePolicy({ rules: [{ kinds: '*', minScore: 120, action: 'notify' }] });
    expect(attempt).toThrow(ResponseError);
    expect(attempt).toThrow(/rules\.0\.minScore/);
  });

  it('rejects an unknown anomaly kind and an unknown action with their code', () => {
    try {
      parsePolicy({ rules: [{ kinds: ['exfiltration'], minScore: 1, action: 'quarantine' }] });
      expect.unreachable('an invalid policy was accepted');
    } catch (error) {
      expect(error).toMatchObject({ code: 'VIGIL_RESPONSE_POLICY_INVALID', retriable: false });
      expect((error as Error).message).toMatch(
        /rules\.0\.kinds: expected '\*' or a non-empty list of: new_resource/,
      );
      expect((error as Error).message).toMatch(/rules\.0\.action/);
    }
  });
});
