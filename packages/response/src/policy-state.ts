import { z } from 'zod';
import { Anomaly, IsolationAction, Severity } from '@vigil/contracts';
import { validate } from './validate';

/** What the last alert sent for an agent was, to decide whether the next one is suppressed. */
export const LastAlert = z.object({
  alertId: z.string(),
  /** Latest event time among the alert's anomalies: the suppression window starts here. */
  eventTimeMs: z.number(),
  severity: Severity,
  action: IsolationAction,
});
export type LastAlert = z.infer<typeof LastAlert>;

/** An anomaly held in a pending group; one saved before contract 1.1 is its first version. */
const PendingAnomaly = Anomaly.extend({
  count: Anomaly.shape.count.default(1),
  version: Anomaly.shape.version.default(1),
});

/** Anomalies of one agent waiting to be sent as one alert. */
export const PendingGroup = z.object({
  action: IsolationAction,
  /** Event time of the group's first anomaly; later ones join while inside the grouping window. */
  startEventMs: z.number(),
  /** Processing time at which the group is sent even if no later anomaly closes it. */
  dueAtMs: z.number(),
  /** The latest version of each anomaly, one entry per anomaly id. */
  anomalies: z.array(PendingAnomaly).min(1),
});
export type PendingGroup = z.infer<typeof PendingGroup>;

export const AgentPolicyState = z.object({
  agentId: z.string(),
  last: LastAlert.optional(),
  group: PendingGroup.optional(),
});
export type AgentPolicyState = z.infer<typeof AgentPolicyState>;

export function parseAgentPolicyState(value: unknown): AgentPolicyState {
  return validate(
    AgentPolicyState,
    value,
    'VIGIL_RESPONSE_SNAPSHOT_INVALID',
    "an agent's isolation policy state",
  );
}
