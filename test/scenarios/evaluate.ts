import { toEpochMs, type AnomalyKind } from '@vigil/contracts';
import { MINUTE_MS } from './rhythm';
import type { LabelledAttack, Scenario } from './scenario';

/** The fields of an anomaly the evaluation needs; a full `Anomaly` fits. */
export interface DetectedAnomaly {
  agentId: string;
  kind: AnomalyKind;
  eventTime: string;
  evidenceEventIds: string[];
}

export interface Evaluation<A extends DetectedAnomaly = DetectedAnomaly> {
  attacks: number;
  /** Attacks with an anomaly of their own kind. */
  caught: number;
  /** Attacks nothing pointed at. */
  missed: LabelledAttack[];
  /** Attacks only anomalies of other kinds pointed at. */
  wrongKind: LabelledAttack[];
  /** Anomalies that point at no attack. */
  falsePositives: A[];
  benignEvents: number;
  falsePositivesPer10k: number;
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
 */
export function evaluate<A extends DetectedAnomaly>(
  scenario: Pick<Scenario, 'attacks' | 'benignEventIds'>,
  anomalies: readonly A[],
): Evaluation<A> {
  const attackEvents = new Map<string, LabelledAttack[]>();
  for (const attack of scenario.attacks) {
    for (const id of attack.eventIds) {
      const list = attackEvents.get(id);
      if (list) list.push(attack);
      else attackEvents.set(id, [attack]);
    }
  }

  const caughtBy = new Set<LabelledAttack>();
  const pointedAt = new Set<LabelledAttack>();
  const falsePositives: A[] = [];
  for (const anomaly of anomalies) {
    const targets = attacksPointedAt(anomaly, scenario.attacks, attackEvents);
    if (targets.length === 0) falsePositives.push(anomaly);
    for (const { attack, sameAgent } of targets) {
      pointedAt.add(attack);
      const ownKind = anomaly.kind === attack.kind;
      if (ownKind && (sameAgent || SERVER_WIDE_KINDS.has(attack.kind))) caughtBy.add(attack);
    }
  }

  const missed = scenario.attacks.filter((attack) => !pointedAt.has(attack));
  const wrongKind = scenario.attacks.filter(
    (attack) => pointedAt.has(attack) && !caughtBy.has(attack),
  );
  const caught = caughtBy.size;

  const benignEvents = scenario.benignEventIds.size;
  return {
    attacks: scenario.attacks.length,
    caught,
    missed,
    wrongKind,
    falsePositives,
    benignEvents,
    falsePositivesPer10k: benignEvents === 0 ? 0 : (falsePositives.length / benignEvents) * 10_000,
  };
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
