import type { AuditEvent } from '@vigil/contracts';
import type { Random } from './random';
import { MINUTE_MS } from './rhythm';
import { partitionFor } from './stable-hash';
import type { Scenario } from './scenario';
import type { TimedIdentity } from './to-events';

export interface DeliveryOptions {
  partitionCount: number;
  lateFraction: number;
  duplicateFraction: number;
  lateIdentityFraction: number;
}

export interface Delivered extends Pick<Scenario, 'audit' | 'identity' | 'deliveries'> {
  duplicates: number;
  late: number;
  lateIdentity: number;
}

/** Normal transport jitter: gateways and shippers batch for up to a second or two. */
const JITTER_MS = 1_500;
/** Late deliveries stay inside the contract's 5-minute lateness, with room for jitter. */
const MAX_LATE_MS = 4 * MINUTE_MS;
const MAX_DUPLICATE_DELAY_MS = 4.5 * MINUTE_MS;

/**
 * When each event reaches Kafka: mostly right away, some minutes late, some twice. Audit events are
 * scheduled through index arrays because there are a quarter million of them.
 */
export function deliver(
  random: Random,
  audit: readonly AuditEvent[],
  auditTimesMs: readonly number[],
  identity: readonly TimedIdentity[],
  options: DeliveryOptions,
): Delivered {
  let late = 0;
  let duplicates = 0;
  let lateIdentity = 0;

  const eventIndex: number[] = [];
  const deliveryMs: number[] = [];
  for (let i = 0; i < audit.length; i++) {
    const timeMs = auditTimesMs[i] ?? 0;
    let at = timeMs + random.float() * JITTER_MS;
    if (random.chance(options.lateFraction)) {
      at = timeMs + random.between(20_000, MAX_LATE_MS);
      late++;
    }
    eventIndex.push(i);
    deliveryMs.push(at);
    if (random.chance(options.duplicateFraction)) {
      // A producer retry after a lost acknowledgement: the same event again, a little later.
      const again = Math.min(at + random.between(1_000, 60_000), timeMs + MAX_DUPLICATE_DELAY_MS);
      eventIndex.push(i);
      deliveryMs.push(Math.max(again, at));
      duplicates++;
    }
  }
  const auditOrder = inDeliveryOrder(deliveryMs);

  const identityMs = identity.map(({ timeMs, mayArriveLate }) => {
    if (mayArriveLate && random.chance(options.lateIdentityFraction)) {
      lateIdentity++;
      return timeMs + random.between(30_000, 3 * MINUTE_MS);
    }
    return timeMs + random.float() * JITTER_MS;
  });
  const identityOrder = inDeliveryOrder(identityMs);

  const deliveries: Delivered['deliveries'] = [];
  let a = 0;
  let i = 0;
  while (a < auditOrder.length || i < identityOrder.length) {
    const nextAudit = a < auditOrder.length ? (deliveryMs[auditOrder[a] ?? 0] ?? 0) : Infinity;
    const nextIdentity =
      i < identityOrder.length ? (identityMs[identityOrder[i] ?? 0] ?? 0) : Infinity;
    if (nextIdentity <= nextAudit) deliveries.push({ topic: 'identity', index: i++ });
    else deliveries.push({ topic: 'audit', index: a++ });
  }

  return {
    audit: Array.from(auditOrder, (slot) => {
      const event = audit[eventIndex[slot] ?? 0] as AuditEvent;
      return { event, partition: partitionFor(event.agentId, options.partitionCount) };
    }),
    identity: Array.from(identityOrder, (slot) => (identity[slot] as TimedIdentity).event),
    deliveries,
    duplicates,
    late,
    lateIdentity,
  };
}

/** Slots sorted by delivery time; ties keep their original order. */
function inDeliveryOrder(deliveryMs: readonly number[]): Uint32Array {
  const order = Uint32Array.from(deliveryMs, (_, i) => i);
  return order.sort((x, y) => (deliveryMs[x] ?? 0) - (deliveryMs[y] ?? 0) || x - y);
}
