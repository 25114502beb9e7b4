import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createIsolatedPipeline,
  eventually,
  type IsolatedPipeline,
} from './support/isolated-pipeline';
import { readTopic } from './support/read-topic';
import { startService, type ServiceProcess } from './support/service-process';

// Raw Okta System Log events, exactly as Okta's API returns them.
const okta = JSON.parse(
  readFileSync(
    join(import.meta.dirname, '../packages/identity/fixtures/okta-system-log.json'),
    'utf8',
  ),
) as unknown[];
const RESEARCH = '0oa9f4mcpResearch0h7';
const SUPPORT = '0oa9f4mcpSupportB0h7';
const ALICE = '00u9f3k2LmQxA1ice0h7';
const TOKEN = 'AT.Wq3sJk9yUe1m0ZbR7vXcTfGh2LpN4aDo5iKe8uYwQzA'; // issued 09:00:06 to RESEARCH for ALICE, revoked 09:20:17

function call(eventId: string, time: string, agentId: string, tokenId: string) {
  return {
    eventId,
    time,
    agentId,
    method: 'tools/call',
    serverId: 'research-mcp',
    outcome: 'ok',
    toolName: 'search_papers',
    tokenId,
    onBehalfOf: ALICE,
    responseBytes: 2048,
  };
}

describe('enricher on the real stack with Okta identity logs', () => {
  let pipeline: IsolatedPipeline;
  const services: ServiceProcess[] = [];

  beforeAll(async () => {
    pipeline = await createIsolatedPipeline('identity');
    for (const name of ['collector', 'enricher', 'detector'] as const) {
      services.push(await startService(name, pipeline.env));
    }
  });

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await pipeline?.close();
  });

  it('judges each call at its own time and catches token misuse and use after revocation', async () => {
    // All within the 5-minute lateness of each other: later ones would be late by contract, not scored.
    const calls = [
      call('use-active', '2026-03-02T09:19:00Z', RESEARCH, TOKEN),
      call('use-by-other-agent', '2026-03-02T09:19:30Z', SUPPORT, TOKEN),
      call('use-after-revoke', '2026-03-02T09:21:00Z', RESEARCH, TOKEN),
      call('use-unknown-token', '2026-03-02T09:22:00Z', RESEARCH, 'AT.never-issued'),
    ];
    // The first call reaches Kafka before the token grant that explains it.
    await pipeline.producer.send({
      topic: pipeline.topics.audit,
      messages: [{ key: RESEARCH, value: JSON.stringify(calls[0]) }],
    });
    await pipeline.producer.send({
      topic: pipeline.topics.identity,
      messages: [
        ...okta.map((event) => ({ key: 'okta', value: JSON.stringify(event) })),
        { key: 'broken', value: '{"uuid": 42, "eventType": "app.oauth2.as.token.revoke"' },
      ],
    });
    await pipeline.producer.send({
      topic: pipeline.topics.audit,
      messages: calls.slice(1).map((c) => ({ key: c.agentId, value: JSON.stringify(c) })),
    });

    const judged = await eventually(
      async () =>
        (await pipeline.scalar(
          `SELECT count() FROM {db}.audit_events WHERE token_status != 'pending'`,
        )) === calls.length,
      60_000,
    );
    expect(judged).toBe(true);
    const statuses = await pipeline.rows<{
      event_id: string;
      token_status: string;
      token_agent_id: string;
    }>('SELECT event_id, token_status, token_agent_id FROM {db}.audit_events ORDER BY event_id');
    expect(Object.fromEntries(statuses.map((s) => [s.event_id, s.token_status]))).toEqual({
      'use-active': 'active',
      'use-by-other-agent': 'active',
      'use-after-revoke': 'revoked',
      'use-unknown-token': 'unknown',
    });
    expect(statuses.find((s) => s.event_id === 'use-by-other-agent')?.token_agent_id).toBe(
      RESEARCH,
    );

    const found = await eventually(
      async () =>
        (await pipeline.scalar(
          `SELECT uniqExact(kind) FROM {db}.anomalies FINAL WHERE kind IN ('token_misuse', 'revoked_token')`,
        )) === 2,
      30_000,
    );
    const anomalies = await pipeline.rows<{
      kind: string;
      agent_id: string;
      evidence_event_ids: string[];
    }>(
      `SELECT kind, agent_id, evidence_event_ids FROM {db}.anomalies FINAL WHERE kind IN ('token_misuse', 'revoked_token')`,
    );
    expect(found, JSON.stringify(anomalies)).toBe(true);
    expect(anomalies.find((a) => a.kind === 'token_misuse')).toMatchObject({ agent_id: SUPPORT });
    expect(anomalies.find((a) => a.kind === 'revoked_token')).toMatchObject({ agent_id: RESEARCH });
    expect(anomalies.find((a) => a.kind === 'revoked_token')?.evidence_event_ids).toContain(
      'use-after-revoke',
    );

    const dead = await readTopic(pipeline.kafka, pipeline.topics.dlq, 1, 20_000);
    expect(dead.map((m) => m.key?.toString())).toEqual(['broken']);
    expect(dead[0]?.headers?.['vigil-source-topic']?.toString()).toBe(pipeline.topics.identity);
  });
});
