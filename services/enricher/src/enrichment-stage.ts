import {
  toEpochMs,
  type AuditEvent,
  type IdentityEvent,
  type PipelineEvent,
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

export interface EnrichedOutput {
  pipelineEvent: PipelineEvent;
  late: boolean;
}

type Source = PipelineEvent['source'];

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
  /** Events the join holds: where they came from (for the output) and where they sit in our input. */
  const holding = new Map<
    string,
    { source: Source; partition: number; offset: string; timeMs: number; heldAtMs: number }
  >();
  const sent = new Map<string, { event: AuditEvent; source: Source }>();
  let newestEventMs = Number.NEGATIVE_INFINITY;
  let lastAuditAtMs = Number.NEGATIVE_INFINITY;
  // Lateness is judged within a partition: a backlog read one partition at a time
  // must not make another partition's events look late.
  const newestInPartition = new Map<number, number>();

  function output(
    joined: { event: AuditEvent; enrichment: PipelineEvent['enrichment'] }[],
  ): EnrichedOutput[] {
    const results: EnrichedOutput[] = [];
    for (const { event, enrichment } of joined) {
      const position = holding.get(event.eventId);
      if (!position) continue;
      const newest = newestInPartition.get(position.partition) ?? Number.NEGATIVE_INFINITY;
      holding.delete(event.eventId);
      held.release(position.partition, position.offset);
      const { source } = position;
      remember(event, source);
      results.push({
        pipelineEvent: { event, source, enrichment },
        late: toEpochMs(event.time) < newest - config.allowedLatenessMs,
      });
    }
    return results;
  }

  function remember(event: AuditEvent, source: Source) {
    sent.set(event.eventId, { event, source });
    if (sent.size > config.recentEventsForReassessment) {
      sent.delete(sent.keys().next().value as string);
    }
  }

  return {
    /** One batch of accepted events (with their offsets) from one input partition; returns what can be sent now. */
    offerAudit(
      items: Array<{ pipelineEvent: PipelineEvent; offset: string }>,
      partition: number,
      nowMs: number,
    ): EnrichedOutput[] {
      const results: EnrichedOutput[] = [];
      lastAuditAtMs = nowMs;
      for (const { pipelineEvent, offset } of items) {
        const { event, source } = pipelineEvent;
        const time = toEpochMs(event.time);
        newestEventMs = Math.max(newestEventMs, time);
        newestInPartition.set(partition, Math.max(newestInPartition.get(partition) ?? time, time));
        // Released before this event goes out, not at the end of the batch: a batch spans hours of
        // event time, and held events sent after all of it would reach the detector late.
        results.push(...output(join.release(newestEventMs)));
        holding.set(event.eventId, { source, partition, offset, timeMs: time, heldAtMs: nowMs });
        held.hold(partition, offset);
        results.push(...output(join.offerAudit(event)));
      }
      return results;
    },

    /** Identity events: joins what waited for them, and re-judges sent events whose verdict changed. */
    offerIdentity(events: IdentityEvent[]): {
      ready: EnrichedOutput[];
      reassessed: EnrichedOutput[];
    } {
      const ready: EnrichedOutput[] = [];
      const reassessed: EnrichedOutput[] = [];
      for (const identityEvent of events) {
        const result = join.offerIdentity(identityEvent);
        ready.push(...output(result.ready));
        for (const change of result.reassessments) {
          const original = sent.get(change.eventId);
          if (!original) continue;
          reassessed.push({
            pipelineEvent: { ...original, enrichment: change.enrichment, reassessed: true },
            late: false,
          });
        }
      }
      return { ready, reassessed };
    },

    /** Releases events that waited their longest, in event time or in processing time (called on a timer). */
    tick(nowMs: number): EnrichedOutput[] {
      if (!Number.isFinite(newestEventMs)) return [];
      let stuckUntilMs = newestEventMs;
      // Processing time only frees a quiet stream: while input flows, event time does it, within
      // the lateness (a backlog moves hours of event time in seconds, which would make them late).
      const quiet = lastAuditAtMs + config.maxHoldMs <= nowMs;
      for (const held of quiet ? holding.values() : []) {
        if (held.heldAtMs + config.maxHoldMs <= nowMs) {
          stuckUntilMs = Math.max(stuckUntilMs, held.timeMs + config.maxWaitMs);
        }
      }
      return output(join.release(stuckUntilMs));
    },

    /** Records that `partition` was read up to `lastOffset`. */
    consumed: (partition: number, lastOffset: string) => held.consumed(partition, lastOffset),

    /** Per partition, the offset safe to commit: no event the join still holds lies past it. */
    commitPositions: () => held.commitPositions(),
  };
}
export type EnrichmentStage = ReturnType<typeof createEnrichmentStage>;
