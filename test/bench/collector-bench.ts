// Collector throughput from Kafka into ClickHouse, beside a bare kafkajs consumer on the same topic,
// and the ceilings of its stages alone (decode, ClickHouse insert, produce) on the same events.
// Run: npm run bench:collector   (the local stack must be up: npm run stack:up)
import { startService } from '../support/service-process';
import { auditEventMessages, bareConsumerRate, benchPipeline, timeUntil } from './bench-kit';
import { measureCollectorCeilings } from './collector-ceilings';

const count = Number(process.env.BENCH_EVENTS ?? 200_000);
const bench = await benchPipeline('collector');
const topic = bench.env.VIGIL_TOPIC_AUDIT as string;
const messages = auditEventMessages(count);
await bench.produce(topic, messages);

const bare = await bareConsumerRate(bench.kafka, topic, count);
const collector = await startService('collector', bench.env);
const { seconds, reached } = await timeUntil(() => bench.count('audit_events_raw'), count);
await collector.stop();
const ceilings = await measureCollectorCeilings(bench, messages);
await bench.close();

const rate = reached / seconds;
const perSecond = (value: number) => `${Math.round(value).toLocaleString('en')} events/s`;
console.log(`events: ${count} (3 partitions, 1,000 agents)`);
console.log(`bare kafkajs consumer: ${perSecond(bare)}`);
console.log(
  `collector Kafka -> ClickHouse: ${perSecond(rate)} (${reached} stored in ${seconds.toFixed(1)} s)`,
);
console.log(`collector / bare: ${(rate / bare).toFixed(2)} (target >= 0.5)`);
console.log(`alone: decode ${perSecond(ceilings.decode)} (one core)`);
console.log(`alone: ClickHouse insert ${perSecond(ceilings.insert)}`);
console.log(`alone: produce to the accepted topic ${perSecond(ceilings.produce)}`);
