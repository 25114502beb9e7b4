// The three services end to end on the local stack: a labelled backlog (a fleet family's stream)
// produced first, then the collector, enricher and detector started together drain it into
// ClickHouse. Prints events/s end to end and per stage beside a bare kafkajs consumer reading the
// same audit topic in the same run.
// Run: npm run bench:pipeline [-- --family platform-ops]   (the local stack must be up: npm run stack:up)
import { parseArgs } from 'node:util';
import { familyNamed, generateFamily } from '../scenarios/families';
import { feedScenario } from '../support/feed-scenario';
import { startService } from '../support/service-process';
import { bareConsumerRate, benchPipeline, timeUntil } from './bench-kit';

const { values } = parseArgs({
  options: { family: { type: 'string', default: 'platform-ops' } },
  strict: true,
});
const scenario = generateFamily(familyNamed(values.family));
const events = scenario.audit.length;
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

const bare = await bareConsumerRate(bench.kafka, topics.audit, events);
const admin = bench.kafka.admin();
await admin.connect();
/** Messages the detector's group has committed on the enriched topic, and what that topic holds. */
async function detectorProgress(): Promise<{ committed: number; written: number }> {
  const topic = env.VIGIL_TOPIC_ENRICHED as string;
  const ends = await admin.fetchTopicOffsets(topic);
  const [group] = await admin.fetchOffsets({
    groupId: env.DETECTOR_GROUP_ID as string,
    topics: [topic],
  });
  let committed = 0;
  let written = 0;
  for (const end of ends) {
    const offset = Number(
      group?.partitions.find((p) => p.partition === end.partition)?.offset ?? -1,
    );
    written += Number(end.high);
    committed += Math.max(0, offset);
  }
  return { committed, written };
}

const started = performance.now();
const services = await Promise.all(
  (['collector', 'enricher', 'detector'] as const).map((name) => startService(name, env)),
);
const readyAfter = (performance.now() - started) / 1000;
const finished: Record<string, number> = {};
const elapsed = () => (performance.now() - started) / 1000;
await timeUntil(
  async () => {
    if (finished.collector === undefined && (await bench.count('audit_events_raw')) >= events) {
      finished.collector = elapsed();
    }
    if (finished.enricher === undefined && (await bench.count('audit_enrichments')) >= events) {
      finished.enricher = elapsed();
    }
    if (finished.enricher !== undefined && finished.detector === undefined) {
      const { committed, written } = await detectorProgress();
      if (committed >= written) finished.detector = elapsed();
    }
    return finished.detector === undefined ? 0 : 1;
  },
  1,
  900_000,
);
for (const service of services) await service.stop();
await admin.disconnect();
const anomalies = await bench.count('anomalies');
await bench.close();

const perSecond = (value: number) => `${Math.round(value).toLocaleString('en')} events/s`;
console.log(
  `backlog: ${events.toLocaleString('en')} audit events (${values.family}), ${scenario.identity.length.toLocaleString('en')} identity events`,
);
console.log(`bare kafkajs consumer: ${perSecond(bare)}`);
console.log(`services ready ${readyAfter.toFixed(1)} s after start`);
for (const stage of ['collector', 'enricher', 'detector']) {
  const at = finished[stage];
  console.log(
    at === undefined
      ? `${stage}: did not finish`
      : `${stage}: done at ${at.toFixed(1)} s, ${perSecond(events / at)}`,
  );
}
const total = finished.detector;
if (total !== undefined) {
  console.log(
    `end to end: ${perSecond(events / total)}, ${(events / total / bare).toFixed(3)} of the bare consumer (target >= 0.1)`,
  );
}
console.log(`anomalies stored: ${anomalies}`);
