import { toEpochMs, type AnomalyKind } from '@vigil/contracts';
import { MINUTE_MS } from './rhythm';
import type { LabelledAttack, Scenario } from './scenario';

/**
 * The fields of an anomaly the evaluation needs; a full `Anomaly` fits. Since contract 1.1 the same
 * `anomalyId` may come several times with a growing `version` (one cause, updated in place); readers
 * take the latest. Anomalies without an id are each their own.
 */
export interface DetectedAnomaly {
  anomalyId?: string;
  agentId: string;
  kind: AnomalyKind;
  eventTime: string;
  evidenceEventIds: string[];
  /** Occurrences of the cause this version stands for. */
  count?: number;
  version?: number;
}

/** How many distinct anomalies of its own kind one caught attack raised. */
export interface RowsPerCause {
  attack: LabelledAttack;
  rows: number;
}

export interface Evaluation<A extends DetectedAnomaly = DetectedAnomaly> {
  attacks: number;
  /** Attacks with an anomaly of their own kind. */
  caught: number;
  /** Attacks nothing pointed at. */
  missed: LabelledAttack[];
  /** Attacks only anomalies of other kinds pointed at. */
  wrongKind: LabelledAttack[];
  /** Anomalies (latest version of each id) that point at no attack: one per distinct id. */
  falsePositives: A[];
  benignEvents: number;
  falsePositivesPer10k: number;
  /** Anomaly messages as delivered, every version counted. */
  anomalyMessages: number;
  /** Distinct anomalies once every id is read at its latest version. */
  distinctAnomalies: number;
  /** Per caught attack, the distinct anomaly ids of its kind that point at it. */
  rowsPerCause: RowsPerCause[];
  /** The most rows one caught attack raised: 1 when every cause is one anomaly. */
  maxRowsPerCause: number;
}

/** Window anomalies are stamped with the window's end, which may trail the attack's last event. */
const GRACE_MS = 15 * MINUTE_MS;

/** Kinds that belong to a server rather than an agent: any agent's anomaly citing the events counts. */
const SERVER_WIDE_KINDS: ReadonlySet<AnomalyKind> = new Set(['tool_definition_changed']);

/**
 * Scores anomalies against a scenario's labels. An anomaly points at an attack when it is for the
 * attack's agent and cites one of its events or falls within [start, end + 15 min]; an anomaly for any
 * agent that cites an attack's events also points at it (a changed tool definition reaches every caller).
 * An attack is caught when an anomaly of its kind points at it; anything pointing nowhere is a false positive.
 * Anomalies are first reduced to the latest version of each `anomalyId`, as readers of the topic do.
 */
export function evaluate<A extends DetectedAnomaly>(
  scenario: Pick<Scenario, 'attacks' | 'benignEventIds'>,
  delivered: readonly A[],
): Evaluation<A> {
  const anomalies = latestVersions(delivered);
  const attackEvents = new Map<string, LabelledAttack[]>();
  for (const attack of scenario.attacks) {
    for (const id of attack.eventIds) {
      const list = attackEvents.get(id);
      if (list) list.push(attack);
      else attackEvents.set(id, [attack]);
    }
  }

  // Attack caught -> how many distinct anomalies of its kind caught it.
  const caughtBy = new Map<LabelledAttack, number>();
  const pointedAt = new Set<LabelledAttack>();
  const falsePositives: A[] = [];
  for (const anomaly of anomalies) {
    const targets = attacksPointedAt(anomaly, scenario.attacks, attackEvents);
    if (targets.length === 0) falsePositives.push(anomaly);
    for (const { attack, sameAgent } of targets) {
      pointedAt.add(attack);
      const ownKind = anomaly.kind === attack.kind;
      if (ownKind && (sameAgent || SERVER_WIDE_KINDS.has(attack.kind))) {
        caughtBy.set(attack, (caughtBy.get(attack) ?? 0) + 1);
      }
    }
  }

  const missed = scenario.attacks.filter((attack) => !pointedAt.has(attack));
  const wrongKind = scenario.attacks.filter(
    (attack) => pointedAt.has(attack) && !caughtBy.has(attack),
  );
  const caught = caughtBy.size;
  const rowsPerCause = scenario.attacks.flatMap((attack) => {
    const rows = caughtBy.get(attack);
    return rows === undefined ? [] : [{ attack, rows }];
  });

  const benignEvents = scenario.benignEventIds.size;
  return {
    attacks: scenario.attacks.length,
    caught,
    missed,
    wrongKind,
    falsePositives,
    benignEvents,
    falsePositivesPer10k: benignEvents === 0 ? 0 : (falsePositives.length / benignEvents) * 10_000,
    anomalyMessages: delivered.length,
    distinctAnomalies: anomalies.length,
    rowsPerCause,
    maxRowsPerCause: rowsPerCause.reduce((max, { rows }) => Math.max(max, rows), 0),
  };
}

/**
 * The latest version of each anomaly id, in the order ids were first seen (a higher version wins; at
 * equal versions the later delivery does). Anomalies without an id stay as they are.
 */
export function latestVersions<A extends DetectedAnomaly>(anomalies: readonly A[]): A[] {
  const slotOf = new Map<string, number>();
  const latest: A[] = [];
  for (const anomaly of anomalies) {
    const id = anomaly.anomalyId;
    const slot = id === undefined ? undefined : slotOf.get(id);
    if (id === undefined || slot === undefined) {
      if (id !== undefined) slotOf.set(id, latest.length);
      latest.push(anomaly);
      continue;
    }
    const held = latest[slot];
    if (!held || (anomaly.version ?? 1) >= (held.version ?? 1)) latest[slot] = anomaly;
  }
  return latest;
}

function attacksPointedAt(
  anomaly: DetectedAnomaly,
  attacks: readonly LabelledAttack[],
  attackEvents: ReadonlyMap<string, readonly LabelledAttack[]>,
): Array<{ attack: LabelledAttack; sameAgent: boolean }> {
  const cited = new Set<LabelledAttack>();
  for (const id of anomaly.evidenceEventIds) {
    for (const attack of attackEvents.get(id) ?? []) cited.add(attack);
  }
  const timeMs = toEpochMs(anomaly.eventTime);
  const targets: Array<{ attack: LabelledAttack; sameAgent: boolean }> = [];
  for (const attack of attacks) {
    const sameAgent = attack.agentId === anomaly.agentId;
    const inWindow = timeMs >= attack.startMs && timeMs <= attack.endMs + GRACE_MS;
    if (cited.has(attack) || (sameAgent && inWindow)) targets.push({ attack, sameAgent });
  }
  return targets;
}

/** A few lines a person reads: how many attacks were caught, which were not, and the false positive rate. */
export function formatEvaluation(evaluation: Evaluation): string {
  const lines = [
    `caught ${evaluation.caught}/${evaluation.attacks} attacks with the right kind`,
    `false positives: ${evaluation.falsePositives.length} over ${evaluation.benignEvents} benign events` +
      ` = ${evaluation.falsePositivesPer10k.toFixed(2)} per 10k`,
  ];
  if (evaluation.maxRowsPerCause > 1) {
    const worst = evaluation.rowsPerCause.reduce((a, b) => (b.rows > a.rows ? b : a));
    lines.push(
      `rows per cause: up to ${evaluation.maxRowsPerCause} distinct anomalies for one attack (${worst.attack.id})`,
    );
  }
  for (const attack of evaluation.missed) lines.push(`  missed ${describeAttack(attack)}`);
  for (const attack of evaluation.wrongKind) lines.push(`  wrong kind ${describeAttack(attack)}`);
  const byKind = new Map<string, number>();
  for (const anomaly of evaluation.falsePositives) {
    byKind.set(anomaly.kind, (byKind.get(anomaly.kind) ?? 0) + 1);
  }
  if (byKind.size > 0) {
    lines.push(
      `  false positives by kind: ${[...byKind].map(([kind, n]) => `${kind} ${n}`).join(', ')}`,
    );
  }
  return lines.join('\n');
}

function describeAttack(attack: LabelledAttack): string {
  return `${attack.id} (${attack.kind}): ${attack.description}`;
}
