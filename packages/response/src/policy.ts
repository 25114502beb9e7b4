import { z } from 'zod';
import { AnomalyKind, IsolationAction } from '@vigil/contracts';
import { validate } from './validate';

const MINUTE_MS = 60_000;

/** One rule: anomalies of these kinds scoring at least `minScore` lead to `action`. */
export const PolicyRule = z.object({
  /** Anomaly kinds the rule applies to, or '*' for every kind. */
  kinds: z.union([z.literal('*'), z.array(AnomalyKind).min(1)], {
    error: `expected '*' or a non-empty list of: ${AnomalyKind.options.join(', ')}`,
  }),
  minScore: z.number().min(0).max(100),
  action: IsolationAction,
});
export type PolicyRule = z.infer<typeof PolicyRule>;

/**
 * Default rules: a near-certain anomaly (score ≥ 90) of any kind isolates; a token
 * presented by the wrong agent or after revocation is a stolen credential in use, so
 * it isolates from 80; anything from 60 is worth a person's look.
 */
export const DEFAULT_RULES: PolicyRule[] = [
  { kinds: '*', minScore: 90, action: 'isolate' },
  { kinds: ['token_misuse', 'revoked_token'], minScore: 80, action: 'isolate' },
  { kinds: '*', minScore: 60, action: 'notify' },
];

export const IsolationPolicy = z.object({
  /**
   * Every matching rule is considered and the strongest action wins (isolate over
   * notify), so rule order does not matter. An anomaly no rule matches is not alerted.
   */
  rules: z.array(PolicyRule).default(DEFAULT_RULES),
  /** After an alert, the same agent is not alerted again for this long unless its severity or action rises. */
  suppressionWindowMs: z
    .number()
    .int()
    .positive()
    .default(15 * MINUTE_MS),
  /**
   * Notify-level anomalies of one agent within this span of event time become one
   * alert. Short, because on-call should hear in seconds; isolations never wait.
   */
  groupingWindowMs: z.number().int().nonnegative().default(10_000),
  /** Agents never isolated automatically: their `isolate` becomes `notify`. */
  neverIsolate: z.array(z.string().min(1)).default([]),
  /** Keeps one alert small: beyond this, only the highest-scoring anomalies are carried. */
  maxAnomaliesPerAlert: z.number().int().positive().default(20),
});
export type IsolationPolicy = z.infer<typeof IsolationPolicy>;

/** Validates a policy file (already JSON-parsed) and fills the documented defaults. */
export function parsePolicy(json: unknown): IsolationPolicy {
  return validate(IsolationPolicy, json ?? {}, 'VIGIL_RESPONSE_POLICY_INVALID', 'isolation policy');
}
