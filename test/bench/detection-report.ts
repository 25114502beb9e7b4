import type { CoreAnomaly } from '@vigil/detectors';
import type { Evaluation } from '../scenarios/evaluate';
import type { Family } from '../scenarios/families';
import type { LabelledAttack, Scenario } from '../scenarios/scenario';

/** One family's run: what was generated, what the core raised, how it scored. */
export interface FamilyResult {
  family: Family;
  scenario: Scenario;
  evaluation: Evaluation<CoreAnomaly>;
  generateMs: number;
  replayMs: number;
}

const HEADER = [
  'family',
  'events',
  'agents',
  'caught',
  'missed (kinds)',
  'wrong kind',
  'FP',
  'FP/10k benign',
  'max rows/cause',
  'FP by kind',
];

/** `call_volume-2-slow` reads as `call_volume/slow`; the team's `call_volume-2` as `call_volume`. */
export function attackShape(attack: LabelledAttack): string {
  const variant = attack.id.slice(attack.kind.length).replace(/^-\d+-?/, '');
  return variant ? `${attack.kind}/${variant}` : attack.kind;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]);
}

function row(result: FamilyResult): string[] {
  const { family, scenario, evaluation: e } = result;
  return [
    family.holdout ? `${family.name} (HOLDOUT)` : family.name,
    String(scenario.stats.auditEvents),
    String(scenario.stats.agents),
    `${e.caught}/${e.attacks}`,
    e.missed.map(attackShape).join(', ') || '-',
    e.wrongKind.map(attackShape).join(', ') || '-',
    String(e.falsePositives.length),
    e.falsePositivesPer10k.toFixed(2),
    String(e.maxRowsPerCause),
    countBy(e.falsePositives, (a) => a.kind)
      .map(([kind, n]) => `${kind} ${n}`)
      .join(', ') || '-',
  ];
}

/** A plain-text table, columns padded to their widest cell. */
export function formatTable(results: readonly FamilyResult[]): string {
  const rows = [HEADER, ...results.map(row)];
  const widths = HEADER.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(HEADER), rule, ...rows.slice(1).map(line)].join('\n');
}

/** Agent kind of an agent id: `sre-agent-017` -> `sre-agent`. */
const agentKind = (agentId: string) => agentId.replace(/-\d+$/, '');

/**
 * What an engineer fixes first: false positives grouped by (anomaly kind, agent kind) with two examples
 * each, the attacks missed or caught only under another kind, and the causes that raised the most rows.
 */
export function formatDetails(result: FamilyResult, examplesPerPattern = 2): string {
  const { family, evaluation: e } = result;
  const lines = [
    `\n## ${family.name}${family.holdout ? ' (HOLDOUT: measure only, never tune on it)' : ''}: ${family.stresses}`,
    `generated in ${Math.round(result.generateMs)} ms, replayed in ${Math.round(result.replayMs)} ms;` +
      ` ${e.anomalyMessages} anomaly messages, ${e.distinctAnomalies} distinct ids, over ${e.benignEvents} benign events`,
  ];
  const occurrences = e.falsePositives.reduce((total, a) => total + (a.count ?? 1), 0);
  if (occurrences > e.falsePositives.length) {
    lines.push(
      `the ${e.falsePositives.length} false positives stand for ${occurrences} occurrences (sum of count)`,
    );
  }
  const patterns = countBy(e.falsePositives, (a) => `${a.kind} on ${agentKind(a.agentId)}`);
  if (patterns.length > 0) lines.push('false positives by pattern:');
  for (const [pattern, n] of patterns.slice(0, 6)) {
    lines.push(`  ${n} × ${pattern}`);
    const examples = e.falsePositives.filter(
      (a) => `${a.kind} on ${agentKind(a.agentId)}` === pattern,
    );
    for (const a of examples.slice(0, examplesPerPattern)) {
      lines.push(`      ${a.agentId} ${a.eventTime}: ${a.observed}`);
    }
  }
  for (const attack of e.missed) {
    lines.push(`missed ${attack.id}: ${attack.description}`);
  }
  for (const attack of e.wrongKind) {
    lines.push(`wrong kind ${attack.id}: ${attack.description}`);
  }
  const worst = [...e.rowsPerCause].sort((a, b) => b.rows - a.rows).filter((r) => r.rows > 1);
  for (const { attack, rows } of worst.slice(0, 3)) {
    lines.push(`${rows} rows for one cause: ${attack.id} (${attack.description})`);
  }
  return lines.join('\n');
}
