import { pipelineCounts } from '@vigil/queries';
import { consumerLag } from '@vigil/runtime';
import type { Command } from 'commander';
import type { Connections } from '../connections';
import { colours } from '../output';
import type { Run } from '../run';

interface Reach {
  reachable: boolean;
  detail: string;
}

interface StageLag {
  stage: string;
  group: string;
  topic: string;
  /** Messages the stage has not committed yet; undefined when the topic or group cannot be read. */
  lag: number | undefined;
}

export function registerStatus(program: Command, run: Run): void {
  program
    .command('status')
    .description(
      'is the stack reachable; each stage’s lag; events/s, late and dead-lettered counts',
    )
    .action(() =>
      run(async ({ connections, output }) => {
        const [clickhouse, kafka] = await Promise.all([
          reachClickHouse(connections),
          reachKafka(connections),
        ]);
        const counts = clickhouse.reachable
          ? await pipelineCounts(connections.read, connections.database).catch((error: Error) => {
              const reason = error.message.split('\n')[0] ?? '';
              clickhouse.detail += `; its tables cannot be read (${reason}): start a service once to migrate it`;
              return undefined;
            })
          : undefined;
        const stages = kafka.reachable ? await stageLags(connections) : [];
        const deadLettered = kafka.reachable
          ? await topicSize(connections, connections.config.VIGIL_TOPIC_DLQ)
          : undefined;
        const status = { clickhouse, kafka, stages, counts, deadLettered };
        if (!clickhouse.reachable || !kafka.reachable || !counts) process.exitCode = 1;
        if (output.json) return output.data(status);

        const mark = (r: Reach) =>
          r.reachable ? colours.green('reachable') : colours.red('unreachable');
        output.fields([
          ['clickhouse', `${mark(clickhouse)} ${clickhouse.detail}`],
          ['kafka', `${mark(kafka)} ${kafka.detail}`],
          [
            'events',
            counts
              ? `${counts.events} stored, ${counts.eventsPerSecond.toFixed(1)}/s over the last minute`
              : '-',
          ],
          ['late', counts?.late ?? '-'],
          ['dead-lettered', deadLettered ?? '-'],
          ['anomalies', counts?.anomalies ?? '-'],
          ['open incidents', counts?.openIncidents ?? '-'],
        ]);
        if (stages.length === 0) return;
        output.heading('stages');
        output.table(stages, [
          { header: 'stage', value: (s) => s.stage },
          { header: 'consumer group', value: (s) => s.group },
          { header: 'input', value: (s) => s.topic },
          { header: 'lag', value: (s) => (s.lag === undefined ? '-' : s.lag) },
        ]);
      }),
    );
}

async function reachClickHouse(connections: Connections): Promise<Reach> {
  try {
    const [row] = await connections.read<{ version: string }>('SELECT version() AS version');
    return {
      reachable: true,
      detail: `ClickHouse ${row?.version} at ${connections.config.CLICKHOUSE_URL}, database ${connections.database}`,
    };
  } catch (error) {
    return {
      reachable: false,
      detail: `${connections.config.CLICKHOUSE_URL}: ${(error as Error).message}`,
    };
  }
}

async function reachKafka(connections: Connections): Promise<Reach> {
  const admin = connections.kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return {
      reachable: true,
      detail: `${cluster.brokers.length} broker(s) at ${connections.config.KAFKA_BROKERS.join(',')}`,
    };
  } catch (error) {
    return {
      reachable: false,
      detail: `${connections.config.KAFKA_BROKERS.join(',')}: ${(error as Error).message}`,
    };
  } finally {
    await admin.disconnect();
  }
}

async function stageLags(connections: Connections): Promise<StageLag[]> {
  const c = connections.config;
  const stages: Array<Omit<StageLag, 'lag'>> = [
    { stage: 'collector', group: c.COLLECTOR_GROUP_ID, topic: c.VIGIL_TOPIC_AUDIT },
    { stage: 'enricher', group: c.ENRICHER_GROUP_ID, topic: c.VIGIL_TOPIC_ACCEPTED },
    { stage: 'detector', group: c.DETECTOR_GROUP_ID, topic: c.VIGIL_TOPIC_ENRICHED },
    {
      stage: 'detector',
      group: c.DETECTOR_COMMANDS_GROUP_ID,
      topic: c.VIGIL_TOPIC_ISOLATION_COMMANDS,
    },
    ...[
      c.VIGIL_TOPIC_ANOMALIES,
      c.VIGIL_TOPIC_ISOLATIONS,
      c.VIGIL_TOPIC_INCIDENT_ACTIONS,
      c.VIGIL_TOPIC_ISOLATION_COMMANDS,
    ].map((topic) => ({
      stage: 'incidents',
      group: c.INCIDENTS_GROUP_ID,
      topic,
    })),
  ];
  const admin = connections.kafka.admin();
  await admin.connect();
  try {
    return await Promise.all(
      stages.map(async (stage) => {
        try {
          const lag = await consumerLag(admin, stage.group, stage.topic);
          return { ...stage, lag: Number([...lag.values()].reduce((a, b) => a + b, 0n)) };
        } catch {
          return { ...stage, lag: undefined };
        }
      }),
    );
  } finally {
    await admin.disconnect();
  }
}

/** Messages a topic holds (dead letters are never consumed by Vigil, so this is their count). */
async function topicSize(connections: Connections, topic: string): Promise<number | undefined> {
  const admin = connections.kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } catch {
    return undefined;
  } finally {
    await admin.disconnect();
  }
}
