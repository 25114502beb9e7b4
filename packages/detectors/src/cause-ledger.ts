import { MAX_EVIDENCE_EVENTS, type AnomalyKind } from '@vigil/contracts';
import type { CoreAnomaly } from './anomaly';
import { severityFromScore } from './score';

/** Kinds judged over windows: a burst is one cause however many windows and scales see it. */
const WINDOW_KINDS: ReadonlySet<AnomalyKind> = new Set([
  'call_volume',
  'payload_size',
  'principal_fanout',
]);

/** Kinds that belong to a server, not to one agent: every caller's anomaly is the same cause. */
const SERVER_WIDE_KINDS: ReadonlySet<AnomalyKind> = new Set(['tool_definition_changed']);

export function isServerWide(kind: AnomalyKind): boolean {
  return SERVER_WIDE_KINDS.has(kind);
}

/**
 * What makes two anomalies of an agent the same cause: for the window kinds
 * the kind alone (a burst seen by overlapping windows, at several scales, on
 * one tool or in all, is one thing for an analyst to look at); for the others
 * the kind and what it is about (the token, the resource, the definition).
 */
export function causeKey(kind: AnomalyKind, key: string): string {
  return WINDOW_KINDS.has(kind) ? kind : `${kind}\u0000${key}`;
}

/** One cause as reported so far: the anomaly it became and how often it repeated. */
interface CauseEntry {
  anomaly: CoreAnomaly;
  /** Event time of its latest occurrence (epoch ms). */
  lastMs: number;
  /** −log10 p of the strongest occurrence: the score saturates at 100, this does not. */
  surprise: number;
}

/**
 * The JSON form of a ledger: [cause key, anomaly, latest occurrence, surprise]
 * (surprise absent in snapshots written before it was kept).
 */
export type CauseLedgerSnapshot = [string, CoreAnomaly, number, number?][];

/**
 * One anomaly per cause. The first occurrence of a cause is reported as it
 * is (version 1, count 1); a repeat within `memoryMs` of the previous one
 * (event time) becomes the next version of the same anomaly: same id and
 * event time, count + 1, the newest evidence first, and the score, severity
 * and words of the most surprising occurrence so far (the newest among
 * equals): overlapping windows that see one burst report its fullest view. Each version is emitted, so
 * the isolation policy still sees every escalation and readers keep the
 * highest version. A cause quiet for longer than `memoryMs` is forgotten and
 * its next occurrence is a new anomaly.
 */
export class CauseLedger {
  private readonly entries = new Map<string, CauseEntry>();

  constructor(private readonly memoryMs: number) {}

  get size(): number {
    return this.entries.size;
  }

  /**
   * The version of `anomaly`'s cause to emit for an occurrence at `timeMs`.
   * `newestWords`: the latest occurrence describes the cause best (how far a
   * server's change has reached), whatever its score.
   */
  record(
    cause: string,
    anomaly: CoreAnomaly,
    timeMs: number,
    surprise: number,
    newestWords = false,
  ): CoreAnomaly {
    const entry = this.entries.get(cause);
    if (entry === undefined || timeMs - entry.lastMs > this.memoryMs) {
      this.entries.set(cause, { anomaly, lastMs: timeMs, surprise });
      return anomaly;
    }
    const previous = entry.anomaly;
    const isStronger = surprise >= entry.surprise;
    const stronger = isStronger ? anomaly : previous;
    const words = newestWords ? anomaly : stronger;
    const count = Math.max(previous.count + 1, anomaly.count);
    const evidence = [...anomaly.evidenceEventIds];
    for (const id of previous.evidenceEventIds) {
      if (evidence.length >= MAX_EVIDENCE_EVENTS) break;
      if (!evidence.includes(id)) evidence.push(id);
    }
    const next: CoreAnomaly = {
      ...words,
      score: stronger.score,
      // The row's sort key (agent, event time, id) stays put, so its versions replace each other.
      anomalyId: previous.anomalyId,
      agentId: previous.agentId,
      eventTime: previous.eventTime,
      severity: severityFromScore(stronger.score),
      evidenceEventIds: evidence,
      // A count the detector keeps itself (a server's change) may have grown by more than one.
      count,
      version: previous.version + count - previous.count,
    };
    entry.anomaly = next;
    entry.lastMs = Math.max(entry.lastMs, timeMs);
    if (isStronger) entry.surprise = surprise;
    return next;
  }

  /** Forgets causes quiet since before `timeMs - memoryMs`. */
  prune(timeMs: number): void {
    for (const [cause, entry] of this.entries)
      if (timeMs - entry.lastMs > this.memoryMs) this.entries.delete(cause);
  }

  toJSON(): CauseLedgerSnapshot {
    return [...this.entries].map(([cause, entry]) => [
      cause,
      entry.anomaly,
      entry.lastMs,
      entry.surprise,
    ]);
  }

  restore(snapshot: CauseLedgerSnapshot): void {
    this.entries.clear();
    for (const [cause, anomaly, lastMs, surprise] of snapshot) {
      if (typeof cause !== 'string' || typeof anomaly?.anomalyId !== 'string')
        throw new Error('malformed cause ledger entry');
      this.entries.set(cause, {
        anomaly,
        lastMs: Number(lastMs),
        surprise: surprise ?? anomaly.score / 10,
      });
    }
  }
}
