import { describe, expect, it } from 'vitest';
import { parsePolicy } from './policy';
import { actionFor } from './rule-match';
import { makeAnomaly } from './testing/anomaly';

describe('actionFor', () => {
  const defaults = parsePolicy({});

  it('isolates a stolen-token anomaly from 80 but only notifies another kind at the same score', () => {
    expect(actionFor(defaults, makeAnomaly({ kind: 'token_misuse', score: 82 }))).toBe('isolate');
    expect(actionFor(defaults, makeAnomaly({ kind: 'call_volume', score: 82 }))).toBe('notify');
  });

  it('lets the strongest matching rule win whatever the rule order', () => {
    const policy = parsePolicy({
      rules: [
        { kinds: '*', minScore: 50, action: 'notify' },
        { kinds: ['new_resource'], minScore: 50, action: 'isolate' },
      ],
    });
    expect(actionFor(policy, makeAnomaly({ kind: 'new_resource', score: 55 }))).toBe('isolate');
  });

  it('ignores an anomaly no rule matches', () => {
    expect(actionFor(defaults, makeAnomaly({ score: 59.9 }))).toBeUndefined();
  });
});
