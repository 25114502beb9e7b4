import { Anomaly, IncidentAction, IsolationAlert, type Incident } from '@vigil/contracts';
import { advanceIncidents, IncidentOptions, type IncidentInput } from '@vigil/incidents';
import { clickHouseReader, knownIncidents, toIncidentRow } from '@vigil/queries';
import {
  createSerialQueue,
  decodeJson,
  insertNewRows,
  runConsumeLoop,
  runService,
  sendInChunks,
  type Decoded,
} from '@vigil/runtime';
import type { KafkaMessage } from 'kafkajs';
import type { z } from 'zod';
import { IncidentsConfig } from './config';
import { createPendingAlerts } from './pending-alerts';

await runService(
  'incidents',
  IncidentsConfig,
  async (context) => {
    const { config, clickhouse, producer, logger, metrics } = context;
    const options = IncidentOptions.parse({ gapMs: config.VIGIL_INCIDENT_GAP_MS });
    const read = clickHouseReader(clickhouse);
    const database = config.CLICKHOUSE_DATABASE;
    const pending = createPendingAlerts();
    // One writer of incidents: every input, whichever topic it came from, is applied in turn.
    const serial = createSerialQueue();

    /**
     * Reads the agents' incidents as stored, applies the inputs, then publishes and stores every
     * new version (publish first: a crash before the insert replays the inputs, which make the
     * same versions again). A replay whose versions are stored makes none.
     */
    async function apply(inputs: IncidentInput[]): Promise<void> {
      const agentIds = inputs.map(agentOf);
      const withPending = [...inputs, ...pending.takeFor(agentIds)];
      const known = await knownIncidents(read, database, {
        agentIds,
        anomalyIds: withPending.flatMap(anomalyIdsOf),
      });
      const { versions, ignored, unplaced } = advanceIncidents(known, withPending, options);
      pending.keep(unplaced);
      for (const action of ignored) {
        logger.warn(
          { actionId: action.actionId, incidentId: action.incidentId, action: action.action },
          'action ignored: no such open incident of this agent',
        );
      }
      await store(versions);
    }

    async function store(versions: Incident[]): Promise<void> {
      if (versions.length === 0) return;
      await sendInChunks(
        producer,
        config.VIGIL_TOPIC_INCIDENTS,
        versions.map((v) => ({ key: v.agentId, value: JSON.stringify(v) })),
      );
      await insertNewRows(clickhouse, versions.map(toIncidentRow), {
        database,
        table: 'incidents',
        idColumn: 'incident_id',
        idOf: (row) => row.incident_id,
        version: { column: 'version', of: (row) => row.version },
        scope: { column: 'agent_id', of: (row) => row.agent_id },
      });
    }

    const inputsOf: Array<[string, (message: KafkaMessage) => Decoded<IncidentInput>]> = [
      [
        config.VIGIL_TOPIC_ANOMALIES,
        decodeAs(Anomaly, (anomaly) => ({ type: 'anomaly', anomaly })),
      ],
      [
        config.VIGIL_TOPIC_ISOLATIONS,
        decodeAs(IsolationAlert, (alert) => ({ type: 'isolation', alert })),
      ],
      [
        config.VIGIL_TOPIC_INCIDENT_ACTIONS,
        decodeAs(IncidentAction, (action) => ({ type: 'action', action })),
      ],
    ];
    for (const [topic, decode] of inputsOf) {
      const consumer = context.createConsumer({ groupId: `${config.INCIDENTS_GROUP_ID}.${topic}` });
      await consumer.connect();
      await runConsumeLoop<IncidentInput>({
        consumer,
        producer,
        topic,
        deadLetterTopic: config.VIGIL_TOPIC_DLQ,
        decode,
        handle: (items) => serial(() => apply(items.map((item) => item.value))),
        onFatal: context.fail,
        logger,
        metrics,
      });
    }
    context.setReady(true);
  },
  (config) =>
    [config.VIGIL_TOPIC_INCIDENTS, config.VIGIL_TOPIC_INCIDENT_ACTIONS].map((topic) => ({
      topic,
      numPartitions: config.VIGIL_TOPIC_PARTITIONS,
    })),
);

function decodeAs<S extends z.ZodType>(
  schema: S,
  wrap: (value: z.output<S>) => IncidentInput,
): (message: KafkaMessage) => Decoded<IncidentInput> {
  return (message) => {
    const decoded = decodeJson(schema, message.value);
    return decoded.ok ? { ok: true, value: wrap(decoded.value) } : decoded;
  };
}

function agentOf(input: IncidentInput): string {
  if (input.type === 'anomaly') return input.anomaly.agentId;
  if (input.type === 'isolation') return input.alert.agentId;
  return input.action.agentId;
}

function anomalyIdsOf(input: IncidentInput): string[] {
  if (input.type === 'anomaly') return [input.anomaly.anomalyId];
  if (input.type === 'isolation') return input.alert.anomalies.map((a) => a.anomalyId);
  return [];
}
