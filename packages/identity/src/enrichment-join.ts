import { z } from 'zod';
import {
  describeZodIssues,
  type AuditEvent,
  type Enrichment,
  type IdentityEvent,
} from '@vigil/contracts';
import { IdentityError } from './identity-error';
import type { IdentityState, Reassessment } from './identity-state';

/** The defaults of the join's bounds; the enricher's settings default to these. */
export const ENRICHMENT_JOIN_DEFAULTS = {
  maxBufferedEvents: 10_000,
  /**
   * Well inside the 5-minute lateness: an event released at the edge of the lateness
   * would reach the detector late.
   */
  maxWaitMs: 120_000,
};

/** Bounds of the wait for a late token.issued. */
export const EnrichmentJoinConfig = z.object({
  /** Most audit events held at once; past it the longest-waiting one is released as it stands. */
  maxBufferedEvents: z
    .number()
    .int()
    .nonnegative()
    .default(ENRICHMENT_JOIN_DEFAULTS.maxBufferedEvents),
  /** Event time an audit event may wait behind the watermark for its token. */
  maxWaitMs: z.number().int().nonnegative().default(ENRICHMENT_JOIN_DEFAULTS.maxWaitMs),
});
export type EnrichmentJoinConfig = z.output<typeof EnrichmentJoinConfig>;

export interface JoinedEvent {
  event: AuditEvent;
  enrichment: Enrichment;
}

export interface EnrichmentJoin {
  /** Judged now if the event has no token or a known one; otherwise held (and any overflow released). `atMs`: its event time, parsed where it entered. */
  offerAudit(event: AuditEvent, atMs: number): JoinedEvent[];
  /** Applies the identity event; a token.issued releases the events waiting for it. */
  offerIdentity(
    event: IdentityEvent,
    atMs: number,
  ): { ready: JoinedEvent[]; reassessments: Reassessment[] };
  /** Releases events that waited longer than maxWaitMs of event time behind the watermark, oldest event time first. */
  release(watermarkMs: number): JoinedEvent[];
  /** Events currently waiting. */
  size(): number;
}

interface Waiting {
  seq: number;
  atMs: number;
  event: AuditEvent;
}

/**
 * Holds audit events whose token is not known yet, so a token.issued that arrives a little late
 * still joins them. Deterministic: releases depend only on the input sequence and watermarks.
 */
export function createEnrichmentJoin(
  state: IdentityState,
  config?: z.input<typeof EnrichmentJoinConfig>,
): EnrichmentJoin {
  const parsedConfig = EnrichmentJoinConfig.safeParse(config ?? {});
  if (!parsedConfig.success) {
    throw new IdentityError(
      'VIGIL_IDENTITY_INVALID_CONFIG',
      `invalid enrichment join config: ${describeZodIssues(parsedConfig.error)}`,
    );
  }
  const { maxBufferedEvents, maxWaitMs } = parsedConfig.data;
  // Insertion order of `waiting` is arrival order, which makes overflow eviction oldest-first.
  const waiting = new Map<number, Waiting>();
  const byToken = new Map<string, number[]>();
  let nextSeq = 0;
  // No waiting event is due before this: most calls to release (one per audit event) return at once.
  let earliestDueMs = Number.POSITIVE_INFINITY;

  const judge = (event: AuditEvent, atMs: number): JoinedEvent => ({
    event,
    enrichment: state.enrich(event, atMs),
  });

  /** Removes a waiting event and judges it. */
  function take(entry: Waiting): JoinedEvent {
    waiting.delete(entry.seq);
    const tokenId = entry.event.tokenId ?? '';
    const seqs = byToken.get(tokenId)?.filter((seq) => seq !== entry.seq) ?? [];
    if (seqs.length > 0) byToken.set(tokenId, seqs);
    else byToken.delete(tokenId);
    return judge(entry.event, entry.atMs);
  }

  function hold(event: AuditEvent, atMs: number, tokenId: string): JoinedEvent[] {
    const released: JoinedEvent[] = [];
    while (waiting.size >= maxBufferedEvents && waiting.size > 0) {
      const oldest = waiting.values().next().value as Waiting;
      released.push(take(oldest));
    }
    if (maxBufferedEvents === 0) return [...released, judge(event, atMs)];
    const seq = nextSeq++;
    waiting.set(seq, { seq, atMs, event });
    earliestDueMs = Math.min(earliestDueMs, atMs + maxWaitMs);
    byToken.set(tokenId, [...(byToken.get(tokenId) ?? []), seq]);
    return released;
  }

  return {
    offerAudit(event, atMs) {
      const tokenId = event.tokenId;
      if (tokenId === undefined || tokenId === '' || state.knowsToken(tokenId))
        return [judge(event, atMs)];
      return hold(event, atMs, tokenId);
    },

    offerIdentity(event, atMs) {
      const reassessments = state.apply(event, atMs);
      const ready: JoinedEvent[] = [];
      if (event.type === 'token.issued' && event.tokenId !== undefined) {
        for (const seq of byToken.get(event.tokenId) ?? []) {
          const entry = waiting.get(seq);
          if (entry) ready.push(take(entry));
        }
      }
      return { ready, reassessments };
    },

    release(watermarkMs) {
      if (watermarkMs < earliestDueMs) return [];
      const due: Waiting[] = [];
      earliestDueMs = Number.POSITIVE_INFINITY;
      for (const entry of waiting.values()) {
        if (entry.atMs + maxWaitMs <= watermarkMs) due.push(entry);
        else earliestDueMs = Math.min(earliestDueMs, entry.atMs + maxWaitMs);
      }
      due.sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
      return due.map((entry) => take(entry));
    },

    size() {
      return waiting.size;
    },
  };
}
