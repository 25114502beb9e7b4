import type { KafkaMessage } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createIsolatedPipeline,
  eventually,
  type IsolatedPipeline,
} from './support/isolated-pipeline';
import { forwardedEventId, readTopic } from './support/read-topic';
import { startService, type ServiceProcess } from './support/service-process';

function auditEvent(i: number) {
  return {
    eventId: `evt-${i}`,
    time: new Date(Date.UTC(2026, 2, 2, 10, 0, i % 60)).toISOString(),
    agentId: `agent-${i % 7}`,
    method: 'tools/call',
    serverId: 'crm',
    outcome: 'ok',
    toolName: 'get_account',
    resourceUri: `crm://accounts/${1000 + i}`,
    responseBytes: 512 + i,
  };
}

const valid = { ...auditEvent(0), eventId: 'template' };
const malformed: Array<[string, Buffer]> = [
  ['not JSON', Buffer.from('this is not json')],
  ['empty', Buffer.alloc(0)],
  ['binary garbage', Buffer.from([0xde, 0xad, 0xbe, 0xef, 0xff, 0x00, 0xc3])],
  ['a JSON array', Buffer.from(JSON.stringify([valid]))],
  ['a JSON number', Buffer.from('12345')],
  [
    'missing required field',
    Buffer.from(JSON.stringify({ ...valid, eventId: 'm1', agentId: undefined })),
  ],
  ['empty required string', Buffer.from(JSON.stringify({ ...valid, eventId: 'm2', method: '' }))],
  ['wrong type', Buffer.from(JSON.stringify({ ...valid, eventId: 'm3', outcome: 7 }))],
  [
    'impossible timestamp',
    Buffer.from(JSON.stringify({ ...valid, eventId: 'm4', time: '2026-02-30T10:00:00Z' })),
  ],
  ['negative size', Buffer.from(JSON.stringify({ ...valid, eventId: 'm5', responseBytes: -1 }))],
  ['deeply nested', Buffer.from(`{"eventId":"m6","x":${'['.repeat(10_000)}${']'.repeat(10_000)}}`)],
  ['over-long eventId', Buffer.from(JSON.stringify({ ...valid, eventId: 'e'.repeat(200) }))],
];

describe('collector on the real stack', () => {
  let pipeline: IsolatedPipeline;
  let collector: ServiceProcess;

  beforeAll(async () => {
    pipeline = await createIsolatedPipeline('collector');
    collector = await startService('collector', pipeline.env);
  });

  afterAll(async () => {
    await collector?.stop();
    await pipeline?.close();
  });

  it('stores every distinct valid event once, dead-letters every malformed message, and keeps running', async () => {
    const distinct = 300;
    const events = Array.from({ length: distinct }, (_, i) => auditEvent(i));
    const duplicates = events.slice(0, 50);
    const messages = [
      ...events.map((e) => ({ key: e.agentId, value: JSON.stringify(e) })),
      ...malformed.map(([name, value]) => ({ key: `bad-${name}`, value })),
      ...duplicates.map((e) => ({ key: e.agentId, value: JSON.stringify(e) })),
    ];
    await pipeline.producer.send({ topic: pipeline.topics.audit, messages });

    const stored = await eventually(
      async () => (await pipeline.scalar('SELECT count() FROM {db}.audit_events_raw')) >= distinct,
    );
    expect(stored).toBe(true);
    const dead = await readTopic(pipeline.kafka, pipeline.topics.dlq, malformed.length);

    expect(await pipeline.scalar('SELECT count() FROM {db}.audit_events')).toBe(distinct);
    expect(await pipeline.scalar('SELECT uniqExact(event_id) FROM {db}.audit_events')).toBe(
      distinct,
    );

    expect(dead).toHaveLength(malformed.length);
    for (const [name, value] of malformed) {
      const letter = dead.find((m: KafkaMessage) => m.key?.toString() === `bad-${name}`);
      expect(letter, name).toBeDefined();
      expect(
        Buffer.compare(letter?.value ?? Buffer.alloc(0), value),
        `${name}: original bytes`,
      ).toBe(0);
      expect(letter?.headers?.['vigil-error']?.toString(), `${name}: reason`).toMatch(/\w+/);
      expect(letter?.headers?.['vigil-source-topic']?.toString()).toBe(pipeline.topics.audit);
    }

    const forwarded = await readTopic(pipeline.kafka, pipeline.topics.accepted, distinct);
    expect(new Set(forwarded.map((m) => forwardedEventId(m.value))).size).toBe(distinct);

    const health = await fetch(`http://127.0.0.1:${collector.port}/healthz`);
    expect(health.status).toBe(200);
    expect(collector.process.exitCode).toBeNull();
    const metrics = await (await fetch(`http://127.0.0.1:${collector.port}/metrics`)).text();
    expect(metrics).toMatch(/vigil_dead_lettered_total\{[^}]*\} 12/);
    expect(metrics).toMatch(/vigil_duplicates_total\{[^}]*\} 50/);
  });
});
