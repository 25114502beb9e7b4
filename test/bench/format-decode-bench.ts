// The collector's decode step for each input format on one core, no I/O: events per second from the
// same 20,000 scenario events rendered as each source writes them, and OTLP exports of 50 spans each.
import { generateScenario } from '../scenarios/generate';
import { RENDER, type Source } from '../scenarios/render-source';
import { decodeInput } from '../../services/collector/src/formats/input-formats';
import { ALL_INPUT_TOPICS } from '../../services/collector/src/testing/all-input-topics';
import { otlpTraces, type TestSpan } from '../../services/collector/src/testing/otlp-export';

const EVENTS = 20_000;
const scenario = generateScenario({
  seed: 7,
  startMs: Date.UTC(2026, 2, 2),
  days: 2,
  agentsPerKind: 10,
  attacksPerKind: 0,
});
const events = scenario.audit.slice(0, EVENTS).map((a) => a.event);
const topics = ALL_INPUT_TOPICS;

function rate(topic: string, messages: Buffer[]): { eventsPerSecond: number; events: number } {
  for (const message of messages.slice(0, 500)) decodeInput(topics, topic, message); // warm up
  let decoded = 0;
  const started = performance.now();
  for (const message of messages) {
    const result = decodeInput(topics, topic, message);
    if (!result.ok) throw new Error(result.reason);
    decoded += result.value.events.length;
  }
  return { eventsPerSecond: decoded / ((performance.now() - started) / 1000), events: decoded };
}

const rendered = (source: Source) =>
  events.flatMap((event) => {
    const value = RENDER[source](event);
    return value === undefined ? [] : [Buffer.from(value)];
  });
const spans: TestSpan[] = events.map((e) => ({
  name: `${e.method} ${e.toolName ?? ''}`,
  attributes: {
    'mcp.method.name': e.method,
    'gen_ai.agent.id': e.agentId,
    ...(e.toolName ? { 'gen_ai.tool.name': e.toolName } : {}),
    ...(e.resourceUri ? { 'mcp.resource.uri': e.resourceUri } : {}),
  },
  startMs: Date.parse(e.time),
  durationMs: e.durationMs ?? 1,
}));
const exports = (encoding: 'otlp_proto' | 'otlp_json') =>
  Array.from({ length: spans.length / 50 }, (_, i) =>
    otlpTraces(spans.slice(i * 50, i * 50 + 50), encoding),
  );

const rows: Array<[string, { eventsPerSecond: number; events: number }]> = [
  ['contract (mcp.audit.v1)', rate('audit', rendered('contract'))],
  ['agentgateway JSON log', rate('agentgateway', rendered('agentgateway'))],
  ['Docker AuditEvent', rate('docker', rendered('docker'))],
  ['OTLP otlp_json, 50 spans a message', rate('otlp', exports('otlp_json'))],
  ['OTLP otlp_proto, 50 spans a message', rate('otlp', exports('otlp_proto'))],
];
console.log('collector decode step, one core, events/s:');
for (const [name, { eventsPerSecond, events: n }] of rows) {
  console.log(
    `  ${name.padEnd(38)} ${Math.round(eventsPerSecond).toLocaleString('en-US').padStart(9)}  (${n} events)`,
  );
}
