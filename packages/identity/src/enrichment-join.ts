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
  /** Free to leave (its token known, or waited for long enough) once every earlier held event of its agent has. */
  free: boolean;
}

/**
 * Holds audit events whose token is not known yet, so a token.issued that arrives a little late
 * still joins them. An agent's later events wait behind its held ones, whatever their token: each
 * agent's events leave in the order they came, so what judges them downstream in arrival order
 * (early firing) sees the same sequence however the identity feed's timing fell.
 * Deterministic: releases depend only on the input sequence and watermarks.
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
  /** Events waiting for a token, by token: `pending` of `entries` are not free yet. */
  const byToken = new Map<string, { entries: Waiting[]; pending: number }>();
  /** Each agent's held events in arrival order. */
  const byAgent = new Map<string, Waiting[]>();
  let nextSeq = 0;
  // No waiting event is due before this: most calls to release (one per audit event) return at once.
  let earliestDueMs = Number.POSITIVE_INFINITY;

  const judge = (event: AuditEvent, atMs: number): JoinedEvent => ({
    event,
    enrichment: state.enrich(event, atMs),
  });

  function free(entry: Waiting): void {
    if (entry.free) return;
    entry.free = true;
    const tokenId = entry.event.tokenId ?? '';
    const held = byToken.get(tokenId);
    if (held === undefined) return;
    held.pending--;
    if (held.pending === 0) byToken.delete(tokenId);
    // Freed entries are dropped in bulk, so that freeing one is O(1) amortised.
    else if (held.entries.length > 2 * held.pending)
      held.entries = held.entries.filter((other) => !other.free);
  }

  /** Judges the agent's free events from the front of its queue, up to its first one still waiting. */
  function leave(agentId: string, into: JoinedEvent[]): void {
    const queue = byAgent.get(agentId);
    if (queue === undefined) return;
    while (queue.length > 0 && (queue[0] as Waiting).free) {
      const entry = queue.shift() as Waiting;
      waiting.delete(entry.seq);
      into.push(judge(entry.event, entry.atMs));
    }
    if (queue.length === 0) byAgent.delete(agentId);
  }

  function hold(event: AuditEvent, atMs: number, tokenId: string | undefined): JoinedEvent[] {
    const released: JoinedEvent[] = [];
    while (waiting.size >= maxBufferedEvents && waiting.size > 0) {
      const oldest = waiting.values().next().value as Waiting;
      free(oldest);
      leave(oldest.event.agentId, released);
    }
    if (maxBufferedEvents === 0) return [...released, judge(event, atMs)];
    const entry: Waiting = { seq: nextSeq++, atMs, event, free: tokenId === undefined };
    waiting.set(entry.seq, entry);
    const queue = byAgent.get(event.agentId);
    if (queue === undefined) byAgent.set(event.agentId, [entry]);
    else queue.push(entry);
    if (tokenId !== undefined) {
      earliestDueMs = Math.min(earliestDueMs, atMs + maxWaitMs);
      const held = byToken.get(tokenId);
      if (held === undefined) byToken.set(tokenId, { entries: [entry], pending: 1 });
      else {
        held.entries.push(entry);
        held.pending++;
      }
    }
    // Overflow may have freed its agent's queue up to it.
    leave(event.agentId, released);
    return released;
  }

  return {
    offerAudit(event, atMs) {
      const tokenId = event.tokenId;
      const known = tokenId === undefined || tokenId === '' || state.knowsToken(tokenId);
      if (!byAgent.has(event.agentId))
        return known ? [judge(event, atMs)] : hold(event, atMs, tokenId);
      return hold(event, atMs, known ? undefined : tokenId);
    },

    offerIdentity(event, atMs) {
      const reassessments = state.apply(event, atMs);
      const ready: JoinedEvent[] = [];
      if (event.type === 'token.issued' && event.tokenId !== undefined) {
        const joined = byToken.get(event.tokenId)?.entries ?? [];
        for (const entry of joined) free(entry);
        for (const agentId of new Set(joined.map((entry) => entry.event.agentId)))
          leave(agentId, ready);
      }
      return { ready, reassessments };
    },

    release(watermarkMs) {
      if (watermarkMs < earliestDueMs) return [];
      const due: Waiting[] = [];
      earliestDueMs = Number.POSITIVE_INFINITY;
      for (const entry of waiting.values()) {
        if (entry.free) continue;
        if (entry.atMs + maxWaitMs <= watermarkMs) due.push(entry);
        else earliestDueMs = Math.min(earliestDueMs, entry.atMs + maxWaitMs);
      }
      due.sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
      for (const entry of due) free(entry);
      const released: JoinedEvent[] = [];
      for (const entry of due) leave(entry.event.agentId, released);
      return released;
    },

    size() {
      return waiting.size;
    },
  };
}
