import { z } from 'zod';
import { IsolationAlert, IsolationStatus } from '@vigil/contracts';
import { validate } from './validate';

/** Delivery state of one alert to one target. */
export const TargetDelivery = z.object({
  attempts: z.number().int().nonnegative(),
  /** When delivery started; the maximum age is measured from here, across restarts. */
  firstAttemptAtMs: z.number(),
  status: IsolationStatus,
  lastError: z.string().optional(),
});
export type TargetDelivery = z.infer<typeof TargetDelivery>;

/**
 * One alert and its deliveries to every target: the value of the compacted outbox
 * topic under key alertId. The latest record per alertId is the whole truth.
 */
export const OutboxRecord = z.object({
  alert: IsolationAlert,
  deliveries: z.record(z.string(), TargetDelivery),
});
export type OutboxRecord = z.infer<typeof OutboxRecord>;

export const OutboxSnapshot = z.object({ version: z.literal(1), records: z.array(OutboxRecord) });
export type OutboxSnapshot = z.infer<typeof OutboxSnapshot>;

/** A delivery still to be made, with what `deliverAlert` needs to resume it. */
export interface PendingDelivery {
  alert: IsolationAlert;
  targetName: string;
  attempts: number;
  firstAttemptAtMs: number;
  lastError: string | undefined;
}

export interface DeliveryOutcome {
  status: IsolationStatus;
  /** Cumulative attempts (deliverAlert's count, which includes priorAttempts). */
  attempts: number;
  lastError?: string | undefined;
}

export interface Outbox {
  /** Adds the alert for each target not already known; re-enqueuing a replayed alert changes nothing. Returns the record to persist. */
  enqueue(alert: IsolationAlert, targetNames: readonly string[], nowMs: number): OutboxRecord;
  /** Stores an attempt's or a run's outcome. Idempotent: attempts only grow, and delivered/failed are final. */
  record(alertId: string, targetName: string, outcome: DeliveryOutcome): OutboxRecord;
  pending(): PendingDelivery[];
  get(alertId: string): OutboxRecord | undefined;
  /** Drops a settled alert once its tombstone is written. */
  remove(alertId: string): void;
  /** Replaces the outbox with the records read back from the compacted topic (validated). */
  restore(s: unknown): void;
}

/**
 * One status per alert for the `isolations` row: pending while any target is
 * pending, failed if any target gave up, delivered when all accepted it.
 */
export function summarizeRecord(record: OutboxRecord): {
  status: IsolationStatus;
  attempts: number;
  lastError: string | undefined;
} {
  const deliveries = Object.values(record.deliveries);
  const has = (status: IsolationStatus) => deliveries.some((d) => d.status === status);
  const status = has('pending') ? 'pending' : has('failed') ? 'failed' : 'delivered';
  const lastError = deliveries.find((d) => d.lastError !== undefined)?.lastError;
  return { status, attempts: deliveries.reduce((n, d) => n + d.attempts, 0), lastError };
}

export function createOutbox(): Outbox {
  let records = new Map<string, OutboxRecord>();

  function existing(alertId: string): OutboxRecord {
    const record = records.get(alertId);
    if (record === undefined) throw new Error(`alert ${alertId} is not in the outbox`);
    return record;
  }

  return {
    enqueue(alert, targetNames, nowMs) {
      const record = records.get(alert.alertId) ?? { alert, deliveries: {} };
      for (const name of targetNames) {
        record.deliveries[name] ??= { attempts: 0, firstAttemptAtMs: nowMs, status: 'pending' };
      }
      records.set(alert.alertId, record);
      return structuredClone(record);
    },

    record(alertId, targetName, outcome) {
      const record = existing(alertId);
      const delivery = record.deliveries[targetName];
      if (delivery === undefined) throw new Error(`alert ${alertId} has no target ${targetName}`);
      if (delivery.status === 'pending') {
        delivery.attempts = Math.max(delivery.attempts, outcome.attempts);
        delivery.status = outcome.status;
        if (outcome.lastError !== undefined) delivery.lastError = outcome.lastError;
      }
      return structuredClone(record);
    },

    pending() {
      const due: PendingDelivery[] = [];
      for (const record of records.values()) {
        for (const [targetName, d] of Object.entries(record.deliveries)) {
          if (d.status !== 'pending') continue;
          due.push({
            alert: record.alert,
            targetName,
            attempts: d.attempts,
            firstAttemptAtMs: d.firstAttemptAtMs,
            lastError: d.lastError,
          });
        }
      }
      return due;
    },

    get(alertId) {
      const record = records.get(alertId);
      return record === undefined ? undefined : structuredClone(record);
    },

    remove(alertId) {
      records.delete(alertId);
    },

    restore(s) {
      const snapshot = validate(
        OutboxSnapshot,
        s,
        'VIGIL_RESPONSE_SNAPSHOT_INVALID',
        'outbox snapshot',
      );
      records = new Map(snapshot.records.map((r) => [r.alert.alertId, r]));
    },
  };
}
