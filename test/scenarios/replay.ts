import type { AuditEvent } from '@vigil/contracts';
import {
  createDetectionEngine,
  type CoreAnomaly,
  type DetectionConfigInput,
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
}

/**
 * Feeds a scenario through Vigil's pure core in delivery order, as the services would: identity events
 * into the identity model, audit events deduplicated (as the collector does), joined with their
 * identity (held briefly when their token is not known yet), then into the detection engine.
 */
export function replayThroughCore(scenario: Scenario, options: ReplayOptions = {}): CoreAnomaly[] {
  const state = createIdentityState(options.identity);
  const join = createEnrichmentJoin(state);
  const engine = createDetectionEngine(options.detection ?? {});
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
  const offerAudit = (event: AuditEvent, partition: number) => {
    if (accepted.has(event.eventId)) return;
    accepted.add(event.eventId);
    partitionOf.set(event.agentId, partition);
    newestMs = Math.max(newestMs, Date.parse(event.time));
    detect(join.offerAudit(event));
    detect(join.release(newestMs));
  };

  for (const { topic, index } of scenario.deliveries) {
    if (topic === 'identity') {
      const event = scenario.identity[index];
      if (event) detect(join.offerIdentity(event).ready);
    } else {
      const delivered = scenario.audit[index];
      if (delivered) offerAudit(delivered.event, delivered.partition);
    }
  }
  detect(join.release(Number.POSITIVE_INFINITY));
  anomalies.push(...engine.flush());
  return anomalies;
}
