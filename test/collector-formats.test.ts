import type { KafkaMessage } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentgatewayLlmRequest,
  agentgatewayRefused,
  agentgatewayResourceRead,
  agentgatewayToolCall,
  dockerInvokeAllowed,
  dockerInvokeDenied,
  dockerLoad,
  dockerPrompt,
} from '../services/collector/src/testing/gateway-records';
import {
  httpSpan,
  otlpLogs,
  otlpTraces,
  resourceReadSpan,
  toolCallSpan,
} from '../services/collector/src/testing/otlp-export';
import {
  createIsolatedPipeline,
  eventually,
  type IsolatedPipeline,
} from './support/isolated-pipeline';
import { forwardedEventId, readTopic } from './support/read-topic';
import { startService, type ServiceProcess } from './support/service-process';
import { waitForGroupToDrain } from './support/wait-for-group';

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const gatewayLog = {
  timeMs: Date.parse('2026-03-02T10:20:00Z'),
  attributes: {
    'mcp.method.name': 'tools/call',
    'mcp.target': 'billing',
    'gen_ai.tool.name': 'refund',
    'jwt.sub': 'support-agent-2',
  },
};

interface Row {
  event_id: string;
  agent_id: string;
  method: string;
  server_id: string;
  tool_name: string;
  resource_uri: string;
  outcome: string;
}

describe('collector reads the gateway formats on the real stack', () => {
  let pipeline: IsolatedPipeline;
  let collector: ServiceProcess;

  beforeAll(async () => {
    pipeline = await createIsolatedPipeline('formats');
    collector = await startService('collector', pipeline.env);
  });

  afterAll(async () => {
    await collector?.stop();
    await pipeline?.close();
  });

  it('stores each format as audit events, counts skips, and dead-letters the broken with the reason', async () => {
    const { topics } = pipeline;
    const broken: Array<[string, string, Buffer]> = [
      [
        topics.agentgateway,
        'agw-no-agent',
        json({ ...agentgatewayToolCall, 'jwt.sub': undefined }),
      ],
      [topics.docker, 'docker-bad-result', json({ ...dockerInvokeAllowed, result: 'maybe' })],
      [topics.otlp, 'otlp-truncated', otlpTraces([toolCallSpan], 'otlp_proto').subarray(0, 40)],
      [topics.otlp, 'otlp-not-otlp', json({ spans: [] })],
    ];
    // One key per topic: a redelivered record comes back to its partition, where the collector knows it.
    const send = (topic: string, values: Buffer[]) =>
      pipeline.producer.send({ topic, messages: values.map((value) => ({ key: topic, value })) });
    await send(topics.agentgateway, [
      json(agentgatewayToolCall),
      json(agentgatewayResourceRead),
      json(agentgatewayRefused),
      json(agentgatewayLlmRequest),
      json(agentgatewayToolCall), // redelivered: the same record, a duplicate
    ]);
    await send(topics.docker, [
      json(dockerInvokeAllowed),
      json(dockerInvokeDenied),
      json(dockerPrompt),
      json(dockerLoad),
    ]);
    await send(topics.otlp, [
      otlpTraces([toolCallSpan, httpSpan], 'otlp_proto'),
      otlpTraces([{ ...resourceReadSpan, startMs: resourceReadSpan.startMs + 5 }], 'otlp_json'),
      otlpLogs([gatewayLog], 'otlp_proto'),
      otlpLogs([{ ...gatewayLog, timeMs: gatewayLog.timeMs + 1 }], 'otlp_json'),
    ]);
    for (const [topic, key, value] of broken) {
      await pipeline.producer.send({ topic, messages: [{ key, value }] });
    }

    const expected = 3 + 3 + 4;
    expect(
      await eventually(
        async () => (await pipeline.scalar('SELECT count() FROM {db}.audit_events')) >= expected,
      ),
    ).toBe(true);
    const rows = await pipeline.rows<Row>(
      'SELECT event_id, agent_id, method, server_id, tool_name, resource_uri, outcome FROM {db}.audit_events ORDER BY event_time, event_id',
    );
    expect(rows).toHaveLength(expected);
    const otlpSpanRow = rows.find((r) => r.event_id.startsWith('otlp-') && r.tool_name);
    expect(otlpSpanRow).toMatchObject({
      agent_id: 'sales-agent-5',
      method: 'tools/call',
      server_id: 'crm',
      tool_name: 'search_accounts',
    });
    expect(rows.find((r) => r.event_id.startsWith('otlp-') && r.resource_uri)).toMatchObject({
      method: 'resources/read',
      resource_uri: 'crm://accounts/4711',
    });
    expect(rows.filter((r) => r.event_id.startsWith('otlp-log-'))).toHaveLength(2);
    expect(
      rows
        .filter((r) => r.outcome === 'denied')
        .map((r) => r.tool_name)
        .sort(),
    ).toEqual(['delete_account', 'delete_repository']);
    expect(
      new Set(rows.filter((r) => r.event_id.startsWith('docker-')).map((r) => r.agent_id)),
    ).toEqual(new Set(['claude-ai', 'cursor']));

    const dead = await readTopic(pipeline.kafka, topics.dlq, broken.length);
    expect(dead).toHaveLength(broken.length);
    for (const [topic, key, value] of broken) {
      const letter = dead.find((m: KafkaMessage) => m.key?.toString() === key);
      expect(letter, key).toBeDefined();
      expect(Buffer.compare(letter?.value ?? Buffer.alloc(0), value), key).toBe(0);
      expect(letter?.headers?.['vigil-source-topic']?.toString(), key).toBe(topic);
      expect(letter?.headers?.['vigil-error']?.toString(), key).toMatch(
        /names no agent|result|not valid OTLP protobuf|not OTLP traces or logs/,
      );
    }

    const forwarded = await readTopic(pipeline.kafka, topics.accepted, expected);
    expect(forwarded).toHaveLength(expected);
    // The mapped events go on in the internal envelope, readable downstream like the contract's own.
    expect(forwarded.map((m) => forwardedEventId(m.value)).sort()).toEqual(
      rows.map((r) => r.event_id).sort(),
    );
    // One stage, one group, several topics: each topic's partitions are committed on their own.
    const group = pipeline.env.COLLECTOR_GROUP_ID as string;
    for (const topic of [topics.agentgateway, topics.docker, topics.otlp]) {
      expect(await waitForGroupToDrain(pipeline.kafka, group, topic, 30_000), topic).toBe(true);
    }
    const metrics = await (await fetch(`http://127.0.0.1:${collector.port}/metrics`)).text();
    const skipped = (topic: string, reason: string) =>
      new RegExp(`vigil_collector_skipped_total\\{topic="${topic}",reason="${reason}"[^}]*\\} 1\n`);
    expect(metrics).toMatch(skipped(topics.agentgateway, 'not_mcp'));
    expect(metrics).toMatch(skipped(topics.otlp, 'not_mcp'));
    expect(metrics).toMatch(skipped(topics.docker, 'server_load'));
    expect(metrics).toMatch(
      new RegExp(`vigil_duplicates_total\\{[^}]*topic="${topics.agentgateway}"[^}]*\\} 1`),
    );
  });
});
