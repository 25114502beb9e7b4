import { Anomaly } from '@vigil/contracts';
import type { CoreAnomaly } from '@vigil/detectors';
import {
  DEFAULT_MIGRATIONS_DIR,
  loadConfig,
  migrate,
  readMigrations,
  type ServiceContext,
} from '@vigil/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnomalyOutput } from '../services/detector/src/anomaly-output';
import { DetectorConfig } from '../services/detector/src/config';
import { createIsolatedPipeline, type IsolatedPipeline } from './support/isolated-pipeline';
import { readTopic } from './support/read-topic';
import { startService, type ServiceProcess } from './support/service-process';

const AGENT = 'agent-versions';

/** One cause seen `count` times: version `count` of the same anomaly id, with fresh evidence. */
const occurrence = (count: number): CoreAnomaly => ({
  anomalyId: 'revoked-token-cause-1',
  eventTime: '2026-03-02T10:00:00.000Z',
  agentId: AGENT,
  kind: 'revoked_token',
  score: count === 1 ? 82 : 91,
  severity: count === 1 ? 'high' : 'critical',
  observed: `token tok-1 used ${count} times after its revocation`,
  expected: 'no use after revocation',
  explanation: `Agent ${AGENT} used revoked token tok-1 ${count} times.`,
  evidenceEventIds: Array.from({ length: count }, (_, i) => `ev-${i + 1}`),
  count,
  version: count,
});

describe('anomaly versions through the detector output on the real stack', () => {
  let pipeline: IsolatedPipeline;
  let detector: ServiceProcess | undefined;

  beforeAll(async () => {
    pipeline = await createIsolatedPipeline('versions');
  });

  afterAll(async () => {
    await detector?.stop();
    await pipeline?.close();
  });

  it('an existing install migrates at start; ClickHouse holds one row per cause at its latest version, the topic every version', async () => {
    // An install from before versions, with one anomaly stored.
    const migrations = readMigrations(DEFAULT_MIGRATIONS_DIR, pipeline.database);
    await migrate(
      pipeline.clickhouse,
      pipeline.database,
      migrations.filter((m) => m.version < '008'),
    );
    await pipeline.clickhouse.command({
      query: `INSERT INTO ${pipeline.database}.anomalies (anomaly_id, detected_at, event_time, agent_id, kind, score, severity, observed, expected, explanation, evidence_event_ids)
              VALUES ('before-versions', '2026-03-01 09:00:05', '2026-03-01 09:00:00', '${AGENT}', 'payload_size', 95, 'critical', '40 MB', 'under 2 MB', 'Agent received 40 MB.', ['ev-0'])`,
    });
    // The detector applies the remaining migrations when it starts.
    detector = await startService('detector', pipeline.env);
    await detector.stop();
    detector = undefined;

    const config = loadConfig(DetectorConfig, { ...pipeline.env, VIGIL_HTTP_PORT: '0' });
    const output = createAnomalyOutput({
      config,
      clickhouse: pipeline.clickhouse,
      producer: pipeline.producer,
    } as ServiceContext<DetectorConfig>);
    const store = async (found: Parameters<typeof output.publish>[0]) => {
      const published = await output.publish(found);
      await output.storeRows(published);
      return published;
    };

    const first = await store([occurrence(1)]);
    const second = await store([occurrence(3)]);
    // A crash before the offsets were committed: the same versions come again.
    await store([occurrence(1), occurrence(3)]);
    expect([...first, ...second].map((a) => Anomaly.parse(a).version)).toEqual([1, 3]);

    const rows = await pipeline.rows<{
      anomaly_id: string;
      count: number;
      version: number;
      severity: string;
      evidence_event_ids: string[];
    }>(
      'SELECT anomaly_id, count, version, severity, evidence_event_ids FROM {db}.anomalies FINAL ORDER BY anomaly_id',
    );
    expect(rows.map((r) => ({ ...r, count: Number(r.count), version: Number(r.version) }))).toEqual(
      [
        {
          anomaly_id: 'before-versions',
          count: 1,
          version: 1,
          severity: 'critical',
          evidence_event_ids: ['ev-0'],
        },
        {
          anomaly_id: 'revoked-token-cause-1',
          count: 3,
          version: 3,
          severity: 'critical',
          evidence_event_ids: ['ev-1', 'ev-2', 'ev-3'],
        },
      ],
    );
    // Each version is written once, however often it was offered.
    expect(
      await pipeline.scalar(
        "SELECT count() FROM {db}.anomalies WHERE anomaly_id = 'revoked-token-cause-1'",
      ),
    ).toBe(2);
    expect(
      await pipeline.scalar(
        "SELECT count() FROM {db}.anomalies_latest WHERE anomaly_id = 'revoked-token-cause-1' AND version = 3",
      ),
    ).toBe(1);

    // The topic carries every version (at least once), keyed by agent id.
    const messages = await readTopic(pipeline.kafka, pipeline.topics.anomalies, 4, 30_000);
    expect(messages.map((m) => m.key?.toString())).toEqual(messages.map(() => AGENT));
    const published = messages.map((m) => Anomaly.parse(JSON.parse(m.value?.toString() ?? '')));
    const versions = new Set(published.map((a) => `${a.anomalyId}@${a.version}:${a.count}`));
    expect(versions).toEqual(new Set(['revoked-token-cause-1@1:1', 'revoked-token-cause-1@3:3']));
  });
});
