import { toEpochMs, type AuditEvent, type IdentityEvent } from '@vigil/contracts';
import {
  createDetectionEngine,
  type CoreAnomaly,
  type DetectionConfigInput,
  type DetectionEngine,
} from '@vigil/detectors';
import {
  createEnrichmentJoin,
  createIdentityState,
  type IdentityStateConfigInput,
  type JoinedEvent,
} from '@vigil/identity';
import type { Scenario } from './scenario';

export interface ReplayOptions {
  detection?: DetectionConfigInput;
  identity?: IdentityStateConfigInput;
  /** The engine to feed instead of a new one from `detection` (e.g. one that records its input). */
  engine?: DetectionEngine;
}

/** The pure core as the services chain it: identity model and join, then the detection engine. */
export interface CorePipeline {
  readonly engine: DetectionEngine;
  offerIdentity(event: IdentityEvent): void;
  offerAudit(event: AuditEvent, partition: number): void;
  /** Releases whatever the join still holds and closes every window; returns every anomaly. */
  finish(): CoreAnomaly[];
}

export function createCorePipeline(options: ReplayOptions = {}): CorePipeline {
  const state = createIdentityState(options.identity);
  const join = createEnrichmentJoin(state);
  const engine = options.engine ?? createDetectionEngine(options.detection ?? {});
  const partitionOf = new Map<string, number>();
  const accepted = new Set<string>();
  const anomalies: CoreAnomaly[] = [];
  let newestMs = Number.NEGATIVE_INFINITY;

  const detect = (joined: readonly JoinedEvent[]) => {
    for (const { event, enrichment } of joined) {
      const partition = partitionOf.get(event.agentId) ?? 0;
      anomalies.push(...engine.ingest({ event, enrichment, partition }).anomalies);
    }
  };

  return {
    engine,
    offerIdentity: (event) => detect(join.offerIdentity(event, toEpochMs(event.time)).ready),
    offerAudit: (event, partition) => {
      if (accepted.has(event.eventId)) return;
      accepted.add(event.eventId);
      partitionOf.set(event.agentId, partition);
      // The time is parsed once, where the event enters, as the collector does.
      const timeMs = toEpochMs(event.time);
      newestMs = Math.max(newestMs, timeMs);
      detect(join.offerAudit(event, timeMs));
      detect(join.release(newestMs));
    },
    finish: () => {
      detect(join.release(Number.POSITIVE_INFINITY));
      anomalies.push(...engine.flush());
      return anomalies;
    },
  };
}

/**
 * Feeds a scenario through Vigil's pure core in delivery order, as the services would: identity events
 * into the identity model, audit events deduplicated (as the collector does), joined with their
 * identity (held briefly when their token is not known yet), then into the detection engine.
 */
export function replayThroughCore(scenario: Scenario, options: ReplayOptions = {}): CoreAnomaly[] {
  const pipeline = createCorePipeline(options);
  for (const { topic, index } of scenario.deliveries) {
    if (topic === 'identity') {
      const event = scenario.identity[index];
      if (event) pipeline.offerIdentity(event);
    } else {
      const delivered = scenario.audit[index];
      if (delivered) pipeline.offerAudit(delivered.event, delivered.partition);
    }
  }
  return pipeline.finish();
}
