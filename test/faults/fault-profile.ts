import type { ScenarioOptions } from '../scenarios/scenario';

/** How big the fault suite's stream is and how long its outages last. */
export interface FaultProfile {
  name: 'fast' | 'full';
  /** The labelled stream (team family), fed once per scenario and once without faults. */
  stream: ScenarioOptions;
  /** The feed is spread over this long, so the stream is still flowing when a fault strikes. */
  feedMs: number;
  clickhouseOutageMs: number;
  kafkaOutageMs: number;
  /** How long the webhook target is unreachable (after answering 503). */
  webhookOutageMs: number;
}

const STREAM = { seed: 11, startMs: Date.UTC(2026, 2, 9) };

const PROFILES: Record<FaultProfile['name'], FaultProfile> = {
  // `npm test`: about 7,600 events, 7 attacks, outages of seconds.
  fast: {
    name: 'fast',
    stream: { ...STREAM, days: 2, agentsPerKind: 3, attacksPerKind: 1 },
    feedMs: 10_000,
    clickhouseOutageMs: 10_000,
    kafkaOutageMs: 15_000,
    webhookOutageMs: 10_000,
  },
  // `npm run test:faults`: about 43,000 events, 28 attacks, the outages of issue #11.
  full: {
    name: 'full',
    stream: { ...STREAM, days: 3, agentsPerKind: 10, attacksPerKind: 4 },
    feedMs: 120_000,
    clickhouseOutageMs: 60_000,
    kafkaOutageMs: 30_000,
    webhookOutageMs: 300_000,
  },
};

/**
 * The profile named by VIGIL_FAULT_PROFILE (`fast` unless set; `npm run test:faults` sets
 * `full`); VIGIL_FAULT_WEBHOOK_OUTAGE_MS overrides the webhook outage of either.
 */
export function faultProfile(env: NodeJS.ProcessEnv = process.env): FaultProfile {
  const name = env.VIGIL_FAULT_PROFILE ?? 'fast';
  if (name !== 'fast' && name !== 'full') {
    throw new Error(`VIGIL_FAULT_PROFILE must be fast or full, not ${JSON.stringify(name)}`);
  }
  const profile = PROFILES[name];
  const override = env.VIGIL_FAULT_WEBHOOK_OUTAGE_MS;
  if (override === undefined) return profile;
  const webhookOutageMs = Number(override);
  if (!Number.isInteger(webhookOutageMs) || webhookOutageMs < 0) {
    throw new Error(`VIGIL_FAULT_WEBHOOK_OUTAGE_MS must be a whole number of ms, not ${override}`);
  }
  return { ...profile, webhookOutageMs };
}
