import {
  Anomaly,
  IncidentAction,
  IsolationAlert,
  IsolationCommand,
  type Incident,
} from '@vigil/contracts';
import { advanceIncidents, IncidentOptions, type IncidentInput } from '@vigil/incidents';
import { clickHouseReader, knownIncidents, toIncidentRow } from '@vigil/queries';
import {
  decodeJson,
  insertNewRows,
  runService,
  runStage,
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
    const { config, clickhouse, producer, logger } = context;
    const options = IncidentOptions.parse({ gapMs: config.VIGIL_INCIDENT_GAP_MS });
    const read = clickHouseReader(clickhouse);
    const database = config.CLICKHOUSE_DATABASE;
    const pending = createPendingAlerts();

    /**
     * Reads the agents' incidents as stored and applies the inputs (with the alerts held for
     * those agents) to them: the new versions. A replay whose versions are stored makes none.
     */
    async function advance(inputs: IncidentInput[]): Promise<Incident[]> {
      if (inputs.length === 0) return [];
      const known = await knownIncidents(read, database, {
        agentIds: inputs.map(agentOf),
        anomalyIds: inputs.flatMap(anomalyIdsOf),
      });
      const { versions, ignored, unplaced } = advanceIncidents(known, inputs, options);
      pending.keep(unplaced);
      for (const action of ignored) {
        logger.warn(
          { actionId: action.actionId, incidentId: action.incidentId, action: action.action },
          'action ignored: no such open incident of this agent',
        );
      }
      return versions;
    }

    /**
     * Publishes and stores every new version (publish first: a crash before the insert replays
     * the inputs, which make the same versions again).
     */
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

    const decoders = new Map<string, (message: KafkaMessage) => Decoded<IncidentInput>>([
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
      [
        config.VIGIL_TOPIC_ISOLATION_COMMANDS,
        decodeAs(IsolationCommand, (command) => ({ type: 'request', command })),
      ],
    ]);
    // One writer of incidents: batches of every input topic are applied in turn (the stage's section).
    await runStage(context, {
      topic: [...decoders.keys()],
      groupId: config.INCIDENTS_GROUP_ID,
      decode: (message, batch) =>
        decoders.get(batch.topic)?.(message) ?? {
          ok: false,
          reason: `the incidents stage does not read topic ${batch.topic}`,
        },
      handle: (items): Batch => {
        const inputs = items.map((item) => item.value);
        return { inputs: [...inputs, ...pending.takeFor(inputs.map(agentOf))] };
      },
      // Retried through outages: the versions are worked out once, then published and stored.
      store: async (batch) => {
        batch.versions ??= await advance(batch.inputs);
        await store(batch.versions);
      },
    });
  },
  (config) =>
    [
      config.VIGIL_TOPIC_INCIDENTS,
      config.VIGIL_TOPIC_INCIDENT_ACTIONS,
      config.VIGIL_TOPIC_ISOLATION_COMMANDS,
    ].map((topic) => ({
      topic,
      numPartitions: config.VIGIL_TOPIC_PARTITIONS,
    })),
);

/** One batch's inputs and, once worked out, the incident versions they make. */
interface Batch {
  inputs: IncidentInput[];
  versions?: Incident[];
}

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
  if (input.type === 'request') return input.command.agentId;
  return input.action.agentId;
}

function anomalyIdsOf(input: IncidentInput): string[] {
  if (input.type === 'anomaly') return [input.anomaly.anomalyId];
  if (input.type === 'isolation') return input.alert.anomalies.map((a) => a.anomalyId);
  return [];
}
