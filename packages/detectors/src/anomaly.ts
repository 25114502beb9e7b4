import { MAX_EVIDENCE_EVENTS, type Anomaly, type AnomalyKind } from '@vigil/contracts';
import { anomalyId } from './anomaly-id';
import { isServerWide } from './cause-ledger';
import { scoreFromLog10P, severityFromScore } from './score';

export type CoreAnomaly = Omit<Anomaly, 'detectedAt'>;

/** What a detector found, before the shared scoring, severity and id are applied. */
export interface AnomalyDraft {
  readonly kind: AnomalyKind;
  readonly agentId: string;
  /** Window start (window kinds, per-event kinds deduplicated per window) or event id. */
  readonly anchor: string | number;
  /** What the anomaly is about within its anchor: a tool, a token, a resource shape. */
  readonly key: string;
  /**
   * What makes a repeat the same cause, when not `key` (see causeKey): for
   * the window kinds, what caused it, the same at every window scale (a tool
   * as `server\u0000tool` or `*`, `bytes`, `users`); for a new resource, its
   * server, since an agent reaching into new ground on one server is one
   * thing to look at, however many things it touches there.
   */
  readonly cause?: string;
  /** The triggering event's time, or the window's end (epoch ms; emitted as UTC ISO 8601). */
  readonly eventTimeMs: number;
  /** log10 of the tail probability of what was observed. */
  readonly log10P: number;
  readonly observed: string;
  readonly expected: string;
  readonly explanation: string;
  readonly evidenceEventIds: readonly string[];
  /**
   * Occurrences the cause stands for, when the detector counts them itself: the
   * agents across the fleet that met a server's change (default 1). A repeat's
   * version then follows that count, so the latest version says the same on any
   * instance.
   */
  readonly count?: number;
}

/** Scores a draft the one shared way; undefined when it scores below `minScore`. */
export function finishAnomaly(draft: AnomalyDraft, minScore: number): CoreAnomaly | undefined {
  const score = scoreFromLog10P(draft.log10P);
  if (score < minScore) return undefined;
  return {
    // A server's change is one anomaly whichever agent meets it first.
    anomalyId: anomalyId(
      draft.kind,
      isServerWide(draft.kind) ? '' : draft.agentId,
      draft.anchor,
      draft.key,
    ),
    eventTime: new Date(draft.eventTimeMs).toISOString(),
    agentId: draft.agentId,
    kind: draft.kind,
    score,
    severity: severityFromScore(score),
    observed: draft.observed,
    expected: draft.expected,
    explanation: draft.explanation,
    evidenceEventIds: draft.evidenceEventIds.slice(0, MAX_EVIDENCE_EVENTS),
    count: draft.count ?? 1,
    version: draft.count ?? 1,
  };
}
