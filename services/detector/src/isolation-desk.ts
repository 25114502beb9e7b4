import type { Anomaly, IsolationAlert } from '@vigil/contracts';
import {
  OutboxRecord,
  createIsolationPolicy,
  createOutbox,
  type DeliveryTarget,
  type PendingDelivery,
} from '@vigil/response';
import {
  findStoredRows,
  insertNewRows,
  readCompactedTopic,
  sendInChunks,
  type ServiceContext,
} from '@vigil/runtime';
import type { DetectorConfig } from './config';
import { deliverAlert } from './deliver-alert';
import { toIsolationRow, type SettledDelivery } from './isolation-row';

/**
 * From anomalies to on-call: the isolation policy decides, each decision goes
 * to `vigil.isolations.v1`, and deliveries run from a durable outbox (a compacted
 * topic keyed by alert id) so that a restart resumes what was pending. Each
 * settled delivery is written once to ClickHouse `isolations`.
 */
export async function createIsolationDesk(context: ServiceContext<DetectorConfig>) {
  const { config, producer, clickhouse, logger, kafka } = context;
  const policy = createIsolationPolicy(config.isolationPolicy);
  const targets = new Map(config.VIGIL_WEBHOOK_TARGETS.map((t) => [t.name, t]));
  const secret = config.webhookSecret;
  const outbox = createOutbox();
  const inFlight = new Set<string>();

  // The latest record per alert id is the truth; a tombstone means settled.
  const { latest } = await readCompactedTopic(kafka, config.VIGIL_TOPIC_OUTBOX, OutboxRecord);
  outbox.restore({ version: 1, records: [...latest.values()] });

  async function persist(record: OutboxRecord, settled: boolean) {
    await producer.send({
      topic: config.VIGIL_TOPIC_OUTBOX,
      messages: [{ key: record.alert.alertId, value: settled ? null : JSON.stringify(record) }],
    });
  }

  async function storeSettled(alert: IsolationAlert, deliveries: SettledDelivery[]) {
    const now = Date.now();
    await insertNewRows(
      clickhouse,
      deliveries.map((d) => toIsolationRow(alert, d, now)),
      {
        database: config.CLICKHOUSE_DATABASE,
        table: 'isolations',
        idColumn: 'delivery_id',
        idOf: (row) => row.delivery_id,
      },
    );
  }

  async function deliver(pending: PendingDelivery, target: DeliveryTarget) {
    const key = `${pending.alert.alertId}/${target.name}`;
    if (inFlight.has(key)) return;
    inFlight.add(key);
    try {
      const result = await deliverAlert(target, pending.alert, {
        secret: secret ?? '',
        nowMs: Date.now,
        maxAgeMs: config.VIGIL_DELIVERY_MAX_AGE_MS,
        firstAttemptAtMs: pending.firstAttemptAtMs,
        priorAttempts: pending.attempts,
        // Each failed attempt is recorded, so attempts and the last error survive a restart.
        onAttempt: (report) => {
          if (report.ok) return;
          const lastError = report.error ?? `receiver answered ${report.httpStatus}`;
          const outcome = { status: 'pending' as const, attempts: report.attempt, lastError };
          void persist(outbox.record(pending.alert.alertId, target.name, outcome), false).catch(
            (error: unknown) => logger.warn({ err: error }, 'could not record a delivery attempt'),
          );
        },
      });
      const record = outbox.record(pending.alert.alertId, target.name, result);
      await storeSettled(pending.alert, [
        {
          target: target.name,
          status: result.status,
          attempts: result.attempts,
          lastError: result.lastError ?? '',
        },
      ]);
      const settled = Object.values(record.deliveries).every((d) => d.status !== 'pending');
      await persist(record, settled);
      if (settled) outbox.remove(record.alert.alertId);
      logger.info(
        {
          alertId: pending.alert.alertId,
          agentId: pending.alert.agentId,
          target: target.name,
          ...result,
        },
        'isolation alert delivery settled',
      );
    } catch (error) {
      logger.error({ err: error, alertId: pending.alert.alertId }, 'delivery bookkeeping failed');
    } finally {
      inFlight.delete(key);
    }
  }

  function resume() {
    for (const pending of outbox.pending()) {
      const target = targets.get(pending.targetName);
      if (target) void deliver(pending, target);
    }
  }

  /**
   * Drops alerts raised before: input replayed after a crash offers its anomalies to the
   * restored policy again, which decides the same alerts with the same ids.
   */
  async function notRaisedYet(alerts: IsolationAlert[]): Promise<IsolationAlert[]> {
    const fresh = alerts.filter((alert) => outbox.get(alert.alertId) === undefined);
    if (fresh.length === 0) return [];
    const settled = await findStoredRows(clickhouse, {
      database: config.CLICKHOUSE_DATABASE,
      table: 'isolations',
      idColumn: 'alert_id',
      ids: fresh.map((alert) => alert.alertId),
    });
    return fresh.filter((alert) => !settled.has(alert.alertId));
  }

  async function raise(decided: IsolationAlert[]) {
    if (decided.length === 0) return;
    const alerts = await notRaisedYet(decided);
    if (alerts.length === 0) return;
    await sendInChunks(
      producer,
      config.VIGIL_TOPIC_ISOLATIONS,
      alerts.map((alert) => ({ key: alert.agentId, value: JSON.stringify(alert) })),
    );
    for (const alert of alerts) {
      logger.warn(
        {
          alertId: alert.alertId,
          agentId: alert.agentId,
          action: alert.action,
          score: alert.score,
        },
        'isolation alert raised',
      );
      if (targets.size === 0) {
        await storeSettled(alert, [
          {
            target: '(none)',
            status: 'undelivered',
            attempts: 0,
            lastError: 'no delivery targets configured',
          },
        ]);
        continue;
      }
      await persist(outbox.enqueue(alert, [...targets.keys()], Date.now()), false);
    }
    resume();
  }

  resume();
  return {
    /** The policy's per-agent state (suppression, pending groups) is saved with the agent's changelog. */
    policy,
    /** The alerts the policy decides for stored anomalies (once: the policy remembers what it decided). */
    decide: (anomalies: Anomaly[], nowMs: number) =>
      anomalies.flatMap((a) => policy.offer(a, nowMs)),
    /** Grouped alerts whose grouping window has passed. */
    due: (nowMs: number) => policy.tick(nowMs),
    /** Publishes alerts not raised before and starts their delivery; safe to call again with the same alerts. */
    raise,
  };
}

export type IsolationDesk = Awaited<ReturnType<typeof createIsolationDesk>>;
