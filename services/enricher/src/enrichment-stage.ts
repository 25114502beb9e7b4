import {
  encodeAccepted,
  type AuditEvent,
  type Enrichment,
  type IdentityEvent,
  type PipelineEnvelope,
} from '@vigil/contracts';
import { createEnrichmentJoin, createIdentityState } from '@vigil/identity';
import { HeldOffsets } from './held-offsets';

export interface EnrichmentStageConfig {
  maxBufferedEvents: number;
  maxWaitMs: number;
  allowedLatenessMs: number;
  /** Recently sent events remembered so a late revocation can send them again, re-judged. */
  recentEventsForReassessment: number;
  /**
   * Processing time an event may be held for its token. Event time alone would hold
   * the last events of a quiet stream forever; this bounds the wait when nothing follows.
   */
  maxHoldMs: number;
}

/**
 * Identity state is pruned once the watermark has moved this much event time since
 * the last prune: a prune walks every token, and a minute is nothing beside the
 * four hours of retention it enforces.
 */
const PRUNE_EVERY_MS = 60_000;

/** An identity event and its time in epoch ms, parsed once where it was read. */
export interface TimedIdentityEvent {
  event: IdentityEvent;
  timeMs: number;
}

export interface EnrichedOutput {
  envelope: PipelineEnvelope;
  late: boolean;
}

/**
 * The enricher's pure core: identity state, the join that holds events whose
 * token is not known yet, which offsets may be committed, and which events a
 * late identity event re-judges. No I/O; the shell stores and sends its output.
 */
export function createEnrichmentStage(config: EnrichmentStageConfig) {
  const state = createIdentityState();
  const join = createEnrichmentJoin(state, {
    maxBufferedEvents: config.maxBufferedEvents,
    maxWaitMs: config.maxWaitMs,
  });
  const held = new HeldOffsets();
  /** Events the join holds: their envelope (for the output) and where they sit in our input. */
  const holding = new Map<
    string,
    { envelope: PipelineEnvelope; partition: number; offset: string; heldAtMs: number }
  >();
  // Only the parsed event is remembered, not its bytes (which would pin whole fetch buffers):
  // the rare re-judged event is written out again.
  const sent = new Map<string, Omit<PipelineEnvelope, 'head'>>();
  let newestEventMs = Number.NEGATIVE_INFINITY;
  let lastAuditAtMs = Number.NEGATIVE_INFINITY;
  let prunedAtWatermarkMs = Number.NEGATIVE_INFINITY;
  // Lateness is judged within a partition: a backlog read one partition at a time
  // must not make another partition's events look late.
  const newestInPartition = new Map<number, number>();

  function output(joined: { event: AuditEvent; enrichment: Enrichment }[]): EnrichedOutput[] {
    const results: EnrichedOutput[] = [];
    for (const { event, enrichment } of joined) {
      const position = holding.get(event.eventId);
      if (!position) continue;
      const newest = newestInPartition.get(position.partition) ?? Number.NEGATIVE_INFINITY;
      holding.delete(event.eventId);
      held.release(position.partition, position.offset);
      const { timeMs, source } = position.envelope;
      remember({ event, timeMs, source });
      results.push({
        envelope: { ...position.envelope, enrichment },
        late: timeMs < newest - config.allowedLatenessMs,
      });
    }
    return results;
  }

  /**
   * Drops identity state that ended longer than its retention before the watermark, so
   * memory follows the live tokens, not the 1M caps. The watermark is the slowest
   * partition's newest event time less the lateness: a backlog is read a partition at a
   * time, hours of event time apart, and the slow partitions' events still need the
   * tokens the fast one has left behind.
   */
  function pruneIdentity(): void {
    if (newestInPartition.size === 0) return;
    const watermarkMs = Math.min(...newestInPartition.values()) - config.allowedLatenessMs;
    if (watermarkMs < prunedAtWatermarkMs + PRUNE_EVERY_MS) return;
    state.prune(watermarkMs);
    prunedAtWatermarkMs = watermarkMs;
  }

  function remember(entry: Omit<PipelineEnvelope, 'head'>) {
    sent.set(entry.event.eventId, entry);
    if (sent.size > config.recentEventsForReassessment) {
      sent.delete(sent.keys().next().value as string);
    }
  }

  return {
    /** One batch of accepted events (with their offsets) from one input partition; returns what can be sent now. */
    offerAudit(
      items: Array<{ envelope: PipelineEnvelope; offset: string }>,
      partition: number,
      nowMs: number,
    ): EnrichedOutput[] {
      const results: EnrichedOutput[] = [];
      lastAuditAtMs = nowMs;
      for (const { envelope, offset } of items) {
        const { event, timeMs: time } = envelope;
        newestEventMs = Math.max(newestEventMs, time);
        newestInPartition.set(partition, Math.max(newestInPartition.get(partition) ?? time, time));
        // Released before this event goes out, not at the end of the batch: a batch spans hours of
        // event time, and held events sent after all of it would reach the detector late.
        results.push(...output(join.release(newestEventMs)));
        holding.set(event.eventId, { envelope, partition, offset, heldAtMs: nowMs });
        held.hold(partition, offset);
        results.push(...output(join.offerAudit(event, time)));
      }
      return results;
    },

    /** Identity events: joins what waited for them, and re-judges sent events whose verdict changed. */
    offerIdentity(events: TimedIdentityEvent[]): {
      ready: EnrichedOutput[];
      reassessed: EnrichedOutput[];
    } {
      const ready: EnrichedOutput[] = [];
      const reassessed: EnrichedOutput[] = [];
      for (const { event, timeMs } of events) {
        const result = join.offerIdentity(event, timeMs);
        ready.push(...output(result.ready));
        for (const change of result.reassessments) {
          const original = sent.get(change.eventId);
          if (!original) continue;
          const head = encodeAccepted(
            Buffer.from(JSON.stringify(original.event)),
            original.timeMs,
            original.source,
          );
          reassessed.push({
            envelope: { ...original, head, enrichment: change.enrichment, reassessed: true },
            late: false,
          });
        }
      }
      return { ready, reassessed };
    },

    /** Releases events that waited their longest, in event time or in processing time, and prunes identity state (called on a timer). */
    tick(nowMs: number): EnrichedOutput[] {
      if (!Number.isFinite(newestEventMs)) return [];
      let stuckUntilMs = newestEventMs;
      // Processing time only frees a quiet stream: while input flows, event time does it, within
      // the lateness (a backlog moves hours of event time in seconds, which would make them late).
      const quiet = lastAuditAtMs + config.maxHoldMs <= nowMs;
      for (const held of quiet ? holding.values() : []) {
        if (held.heldAtMs + config.maxHoldMs <= nowMs) {
          stuckUntilMs = Math.max(stuckUntilMs, held.envelope.timeMs + config.maxWaitMs);
        }
      }
      const released = output(join.release(stuckUntilMs));
      pruneIdentity();
      return released;
    },

    /** Size of the identity state (tokens, sessions, users, delegations) and events held. */
    stats: () => ({ ...state.stats(), held: holding.size }),

    /** Records that `partition` was read up to `lastOffset`. */
    consumed: (partition: number, lastOffset: string) => held.consumed(partition, lastOffset),

    /** Per partition, the offset safe to commit: no event the join still holds lies past it. */
    commitPositions: () => held.commitPositions(),
  };
}
export type EnrichmentStage = ReturnType<typeof createEnrichmentStage>;
