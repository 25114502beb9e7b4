// The three services end to end on the local stack: a labelled backlog (a fleet family's stream)
// produced first, then the collector, enricher and detector started together drain it into
// ClickHouse. Prints events/s end to end and per stage beside a bare kafkajs consumer reading the
// same audit topic in the same run.
// Run: npm run bench:pipeline [-- --family platform-ops]   (the local stack must be up: npm run stack:up)
import { parseArgs } from 'node:util';
import { familyNamed, generateFamily } from '../scenarios/families';
import { feedScenario } from '../support/feed-scenario';
import { startService } from '../support/service-process';
import { bareConsumerRate, benchPipeline, timeUntil, uncommitted } from './bench-kit';
import { cpuSeconds, stackPids } from './process-cpu';

const { values } = parseArgs({
  options: { family: { type: 'string', default: 'platform-ops' } },
  strict: true,
});
const scenario = generateFamily(familyNamed(values.family));
const bench = await benchPipeline('pipeline');
const env = bench.env as Record<string, string>;
const topics = {
  audit: env.VIGIL_TOPIC_AUDIT as string,
  identity: env.VIGIL_TOPIC_IDENTITY as string,
};
const producer = bench.kafka.producer();
await producer.connect();
await feedScenario(producer, topics, scenario);
await producer.disconnect();

const admin = bench.kafka.admin();
await admin.connect();
const sum = (ends: Array<{ high: string }>) =>
  ends.reduce((total, end) => total + Number(end.high), 0);
/** Messages in the audit topic: the scenario's events with the repeats gateways send. */
const events = sum(await admin.fetchTopicOffsets(topics.audit));
const bare = await bareConsumerRate(bench.kafka, topics.audit, events);

/** Whether a stage's group has committed everything its input topic holds: read, stored, committed. */
const drained = async (groupId: string, topic: string) =>
  (await uncommitted(admin, groupId, topic)) === 0;
const stages = [
  ['collector', 'COLLECTOR_GROUP_ID', 'VIGIL_TOPIC_AUDIT'],
  ['enricher', 'ENRICHER_GROUP_ID', 'VIGIL_TOPIC_ACCEPTED'],
  ['detector', 'DETECTOR_GROUP_ID', 'VIGIL_TOPIC_ENRICHED'],
] as const;

const started = performance.now();
const services = await Promise.all(stages.map(([name]) => startService(name, env)));
const readyAfter = (performance.now() - started) / 1000;
// CPU each process spends on the drain: what the two cores are shared out to, per event.
const processes: Array<[string, number | undefined]> = [
  ...stages.map(([name], i): [string, number | undefined] => [name, services[i]?.process.pid]),
  ...Object.entries(stackPids()),
];
const cpuAtReady = processes.map(([, pid]) => cpuSeconds(pid));
const finished: Record<string, number> = {};
await timeUntil(
  async () => {
    const exited = services.findIndex((service) => service.process.exitCode !== null);
    if (exited >= 0) {
      const service = services[exited];
      throw new Error(`${stages[exited]?.[0]} exited:\n${service?.output.join('').slice(-4000)}`);
    }
    // A stage is done when it has committed all its input, once the stage before it is done.
    for (const [stage, group, topic] of stages) {
      if (finished[stage] !== undefined) continue;
      if (!(await drained(env[group] as string, env[topic] as string))) return 0;
      finished[stage] = (performance.now() - started) / 1000;
    }
    return 1;
  },
  1,
  900_000,
);
const cpuDrain = processes.map(([, pid], i) => {
  const [before, after] = [cpuAtReady[i], cpuSeconds(pid)];
  return before === undefined || after === undefined ? undefined : after - before;
});
for (const service of services) await service.stop();
await admin.disconnect();
const stored = await bench.count('audit_events');
const anomalies = await bench.count('anomalies');
await bench.close();

const perSecond = (value: number) => `${Math.round(value).toLocaleString('en')} events/s`;
console.log(
  `backlog: ${events.toLocaleString('en')} audit messages (${values.family}), ${scenario.identity.length.toLocaleString('en')} identity events`,
);
console.log(`bare kafkajs consumer on the audit topic: ${perSecond(bare)}`);
console.log(`services ready ${readyAfter.toFixed(1)} s after start`);
for (const [stage] of stages) {
  const at = finished[stage];
  console.log(
    at === undefined
      ? `${stage}: did not finish`
      : `${stage}: all committed at ${at.toFixed(1)} s from start, ${perSecond(events / at)}`,
  );
}
const total = finished.detector;
if (total !== undefined) {
  console.log(
    `end to end: ${perSecond(events / total)}, ${(events / total / bare).toFixed(3)} of the bare consumer (target >= 0.1)`,
  );
}
const spent = cpuDrain.filter((seconds) => seconds !== undefined);
if (spent.length > 0) {
  const perEvent = (seconds: number) => `${Math.round((seconds / events) * 1e6)} µs`;
  const parts = processes.flatMap(([name], i) => {
    const seconds = cpuDrain[i];
    return seconds === undefined ? [] : [`${name} ${seconds.toFixed(1)} s (${perEvent(seconds)})`];
  });
  const sum = spent.reduce((a, b) => a + b, 0);
  console.log(`CPU from ready to drained, per event: ${parts.join(', ')}; all ${perEvent(sum)}`);
}
console.log(`audit_events: ${stored.toLocaleString('en')} rows; anomalies stored: ${anomalies}`);
