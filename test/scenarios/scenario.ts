import type { AnomalyKind, AuditEvent, IdentityEvent } from '@vigil/contracts';

export interface ScenarioOptions {
  seed: number;
  /** Start of the first simulated day (UTC midnight reads best). */
  startMs: number;
  days: number;
  agentsPerKind: number;
  /** Kafka partitions of the audit topic. Default 3. */
  partitionCount?: number;
  /** Attacks of every anomaly kind; variants cycle. Default 4. */
  attacksPerKind?: number;
  /** Scales every agent's call rate. Default 1. */
  activity?: number;
  /** Share of agents that join mid-stream and are still warming up. Default 0.05. */
  newAgentFraction?: number;
  /** Share of audit events delivered up to four minutes late. Default 0.01. */
  lateFraction?: number;
  /** Share of audit events delivered twice. Default 0.005. */
  duplicateFraction?: number;
  /** Share of token issuances delivered after the calls that use them. Default 0.03. */
  lateIdentityFraction?: number;
  /** Whether one agent kind works at 1.5x for three hours. Default true. */
  surge?: boolean;
}

export interface LabelledAttack {
  id: string;
  kind: AnomalyKind;
  agentId: string;
  startMs: number;
  endMs: number;
  eventIds: string[];
  description: string;
}

export interface ScenarioStats {
  /** Distinct audit events; `audit.length` also counts duplicate deliveries. */
  auditEvents: number;
  identityEvents: number;
  duplicates: number;
  /** Audit events delivered 20 s to 4 min after their event time. */
  late: number;
  /** Identity events delivered after audit events that depend on them. */
  lateIdentity: number;
  agents: number;
}

export interface Scenario {
  /** In delivery order (what a gateway writes to Kafka), including late and duplicate deliveries. */
  audit: Array<{ event: AuditEvent; partition: number }>;
  /** Normalized identity events in delivery order. */
  identity: IdentityEvent[];
  /** Interleaved delivery order of both streams; `index` points into `audit` or `identity`. */
  deliveries: Array<{ topic: 'audit' | 'identity'; index: number }>;
  attacks: LabelledAttack[];
  /** Every audit event id that is not part of an attack. */
  benignEventIds: Set<string>;
  stats: ScenarioStats;
}
