// Vigil's main job, end to end on the local stack: start the services, feed a demonstration
// stream (normal agents plus one attack of each kind), and show what was caught and its incidents.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createClient } from '@clickhouse/client';
import { clickHouseReader, listIncidents } from '@vigil/queries';
import { CommonConfig, ensureTopics, loadConfig, pipelineTopics } from '@vigil/runtime';
import { Kafka, logLevel } from 'kafkajs';
import { evaluate } from '../../test/scenarios/evaluate';
import { generateScenario } from '../../test/scenarios/generate';
import { SOURCES, type Source } from '../../test/scenarios/render-source';
import { startAlertReceiver } from '../../test/support/alert-receiver';
import { feedScenario } from '../../test/support/feed-scenario';
import { startService, type ServiceProcess } from '../../test/support/service-process';
import { waitForGroupToDrain } from '../../test/support/wait-for-group';

// `npm run demo -- --source agentgateway` feeds the stream as that source writes it (contract, agentgateway, docker, otlp).
const { values: flags } = parseArgs({
  options: { source: { type: 'string', default: 'contract' } },
});
if (!SOURCES.includes(flags.source as Source)) {
  console.error(`--source must be one of ${SOURCES.join(', ')}`);
  process.exit(2);
}
const source = flags.source as Source;
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
const run = `demo_${randomBytes(3).toString('hex')}`;
const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:19092';
const clickhouseUrl = process.env.CLICKHOUSE_URL ?? 'http://127.0.0.1:18123';
const database = `vigil_${run}`;
const topic = (name: string) => `${run}.${name}`;
const receiver = await startAlertReceiver();
const env: Record<string, string> = {
  KAFKA_BROKERS: brokers,
  CLICKHOUSE_URL: clickhouseUrl,
  CLICKHOUSE_DATABASE: database,
  VIGIL_TOPIC_AUDIT: topic('mcp.audit.v1'),
  VIGIL_TOPIC_AGENTGATEWAY: topic('mcp.gateway.agentgateway.v1'),
  VIGIL_TOPIC_DOCKER_GATEWAY: topic('mcp.gateway.docker.v1'),
  VIGIL_TOPIC_OTLP: topic('mcp.otlp.v1'),
  VIGIL_TOPIC_IDENTITY: topic('identity.events.v1'),
  VIGIL_TOPIC_ANOMALIES: topic('vigil.anomalies.v1'),
  VIGIL_TOPIC_ISOLATIONS: topic('vigil.isolations.v1'),
  VIGIL_TOPIC_DLQ: topic('vigil.dlq.v1'),
  VIGIL_TOPIC_ACCEPTED: topic('vigil.audit.accepted.v1'),
  VIGIL_TOPIC_ENRICHED: topic('vigil.audit.enriched.v1'),
  VIGIL_TOPIC_DETECTOR_STATE: topic('vigil.detector.state.v1'),
  VIGIL_TOPIC_OUTBOX: topic('vigil.outbox.v1'),
  COLLECTOR_GROUP_ID: `${run}.collector`,
  ENRICHER_GROUP_ID: `${run}.enricher`,
  DETECTOR_GROUP_ID: `${run}.detector`,
  DETECTOR_COMMANDS_GROUP_ID: `${run}.detector-commands`,
  INCIDENTS_GROUP_ID: `${run}.incidents`,
  VIGIL_TOPIC_INCIDENTS: topic('vigil.incidents.v1'),
  VIGIL_TOPIC_INCIDENT_ACTIONS: topic('vigil.incident.actions.v1'),
  VIGIL_TOPIC_ISOLATION_COMMANDS: topic('vigil.isolation.commands.v1'),
  VIGIL_WEBHOOK_TARGETS: JSON.stringify([{ name: 'on-call', kind: 'webhook', url: receiver.url }]),
  VIGIL_WEBHOOK_SECRET: randomBytes(24).toString('hex'),
  LOG_LEVEL: 'error',
};

const say = (line: string) => console.log(line);
say(`Vigil demo ${run}: Kafka ${brokers}, ClickHouse ${clickhouseUrl} (database ${database})`);
const kafka = new Kafka({ clientId: run, brokers: brokers.split(','), logLevel: logLevel.ERROR });
await ensureTopics(
  kafka,
  pipelineTopics(loadConfig(CommonConfig, { ...env, VIGIL_HTTP_PORT: '0' })),
);

const services: ServiceProcess[] = [];
for (const name of ['collector', 'enricher', 'detector', 'incidents'] as const) {
  services.push(await startService(name, env));
  say(`  started ${name} (metrics on http://127.0.0.1:${services.at(-1)?.port}/metrics)`);
}

const scenario = generateScenario({
  seed: 2026,
  startMs: Date.UTC(2026, 2, 2),
  days: 2,
  agentsPerKind: 20,
  attacksPerKind: 1,
});
const sourceTopic = {
  contract: env.VIGIL_TOPIC_AUDIT,
  agentgateway: env.VIGIL_TOPIC_AGENTGATEWAY,
  docker: env.VIGIL_TOPIC_DOCKER_GATEWAY,
  otlp: env.VIGIL_TOPIC_OTLP,
}[source] as string;
say(
  `feeding ${scenario.stats.auditEvents} MCP audit events (as ${source} writes them, on ${sourceTopic}) of ${scenario.stats.agents} agents over 2 days` +
    ` and ${scenario.stats.identityEvents} identity events, with ${scenario.attacks.length} injected attacks`,
);
const producer = kafka.producer();
await producer.connect();
const topics = { audit: topic('mcp.audit.v1'), identity: topic('identity.events.v1') };
await feedScenario(
  producer,
  { ...topics, audit: sourceTopic },
  scenario,
  scenario.deliveries,
  source,
);
// One event an hour past the end on every partition closes the last windows.
const endMs = Math.max(...scenario.audit.map((a) => Date.parse(a.event.time))) + 3_600_000;
await producer.send({
  topic: topics.audit,
  messages: [0, 1, 2].map((partition) => ({
    partition,
    key: 'demo-clock',
    value: JSON.stringify({
      eventId: `clock-${partition}`,
      time: new Date(endMs).toISOString(),
      agentId: 'demo-clock',
      method: 'tools/list',
      serverId: 'clock',
      outcome: 'ok',
    }),
  })),
});
await producer.disconnect();
const stages: Array<[string, string]> = [
  [`${run}.collector`, topics.audit],
  [`${run}.collector`, sourceTopic],
  [`${run}.enricher`, topic('vigil.audit.accepted.v1')],
  [`${run}.detector`, topic('vigil.audit.enriched.v1')],
];
for (const [group, input] of stages) {
  await waitForGroupToDrain(kafka, group, input);
}
// Notify-level alerts are grouped for 10 s before they are sent.
await new Promise((resolve) => setTimeout(resolve, 12_000));
for (const input of [topic('vigil.anomalies.v1'), topic('vigil.isolations.v1')]) {
  await waitForGroupToDrain(kafka, `${run}.incidents`, input);
}

const clickhouse = createClient({ url: clickhouseUrl });
const rows = async <T>(query: string) =>
  (await clickhouse.query({ query, format: 'JSONEachRow' })).json<T>();
const [stored] = await rows<{ events: string; pending: string }>(
  `SELECT count() AS events, countIf(token_status = 'pending') AS pending FROM ${database}.audit_events`,
);
const anomalies = await rows<{
  agent_id: string;
  kind: string;
  score: number;
  severity: string;
  event_time: string;
  explanation: string;
  evidence_event_ids: string[];
  count: number;
  version: number;
}>(
  // One row per cause: FINAL takes the latest version of each anomaly id.
  `SELECT agent_id, kind, score, severity, event_time, explanation, evidence_event_ids, count, version FROM ${database}.anomalies FINAL WHERE agent_id != 'demo-clock' ORDER BY event_time`,
);
say(`\nstored ${stored?.events} audit events in ClickHouse ${database}.audit_events`);
say(
  `\nwhat Vigil caught (${anomalies.length} anomalies, one per cause, in ${database}.anomalies; at most 3 a kind shown;` +
    ` ×N = occurrences it stands for):`,
);
const shownPerKind = new Map<string, number>();
for (const a of anomalies) {
  const shown = shownPerKind.get(a.kind) ?? 0;
  shownPerKind.set(a.kind, shown + 1);
  if (shown >= 3) continue;
  say(
    `  ${a.event_time}  ${a.kind.padEnd(24)} ${a.severity.padEnd(8)} ${a.score.toFixed(1).padStart(5)} ${`×${a.count}`.padStart(5)}  ${a.explanation}`,
  );
}
for (const [kind, count] of shownPerKind) if (count > 3) say(`  … and ${count - 3} more ${kind}`);
const evaluation = evaluate(
  scenario,
  anomalies.map((a) => ({
    agentId: a.agent_id,
    kind: a.kind as never,
    eventTime: `${a.event_time.replace(' ', 'T')}Z`,
    evidenceEventIds: a.evidence_event_ids,
  })),
);
say(`\nisolation alerts delivered to on-call (signed webhooks): ${receiver.received.length}`);
for (const delivery of receiver.received) {
  const alert = JSON.parse(delivery.body) as {
    action: string;
    agentId: string;
    severity: string;
    reason: string;
  };
  say(
    `  ${alert.action.padEnd(8)} ${alert.agentId.padEnd(22)} ${alert.severity.padEnd(8)} ${alert.reason}`,
  );
}
say(
  `\nscore card: ${evaluation.caught}/${evaluation.attacks} injected attacks caught with the right kind; ` +
    `${evaluation.falsePositives.length} false positives over ${evaluation.benignEvents} normal events`,
);

const attacked = new Set(scenario.attacks.map((a) => a.agentId));
const incidents = (
  await listIncidents(clickHouseReader(clickhouse), database, { limit: 1000 })
).filter((i) => i.agentId !== 'demo-clock');
say(
  `\nincidents (${database}.incidents): ${incidents.length}, for ${new Set(incidents.map((i) => i.agentId)).size} agents;` +
    ` ${incidents.filter((i) => attacked.has(i.agentId)).length} of them on the ${attacked.size} attacked agents`,
);
say('\non-call, with the vigil CLI (the same environment as the services):');
const vigil = (...args: string[]) => {
  say(`$ npx vigil ${args.join(' ')}`);
  const result = spawnSync(process.execPath, ['services/cli/bin/vigil.js', ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  const lines = (result.stdout + result.stderr).trimEnd().split('\n');
  say(
    lines.slice(0, 16).join('\n') +
      (lines.length > 16 ? `\n… (${lines.length - 16} more lines)` : ''),
  );
};
vigil('incidents', '--status', 'open', '--limit', '5');
const top = [...incidents].sort((a, b) => b.maxScore - a.maxScore)[0];
if (top) {
  vigil('ack', top.incidentId, '--as', 'demo-on-call', '--note', 'looking into it');
  vigil('explain', top.anomalyIds[0] ?? '');
}

await Promise.all(services.map((s) => s.stop()));
await receiver.close();
await clickhouse.close();
say(`(the data stays in ${database} and the ${run}.* topics; npm run stack:down stops the stack)`);
