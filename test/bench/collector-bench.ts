// Collector throughput from Kafka into ClickHouse, beside a bare kafkajs consumer on the same topic.
// Run: npm run bench:collector   (the local stack must be up: npm run stack:up)
import { startService } from '../support/service-process';
import { auditEventMessages, bareConsumerRate, benchPipeline, timeUntil } from './bench-kit';

const count = Number(process.env.BENCH_EVENTS ?? 200_000);
const bench = await benchPipeline('collector');
const topic = bench.env.VIGIL_TOPIC_AUDIT as string;
await bench.produce(topic, auditEventMessages(count));

const bare = await bareConsumerRate(bench.kafka, topic, count);
const collector = await startService('collector', bench.env);
const { seconds, reached } = await timeUntil(() => bench.count('audit_events_raw'), count);
await collector.stop();
await bench.close();

const rate = reached / seconds;
console.log(`events: ${count} (3 partitions, 1,000 agents)`);
console.log(`bare kafkajs consumer: ${Math.round(bare).toLocaleString('en')} events/s`);
console.log(
  `collector Kafka -> ClickHouse: ${Math.round(rate).toLocaleString('en')} events/s (${reached} stored in ${seconds.toFixed(1)} s)`,
);
console.log(`collector / bare: ${(rate / bare).toFixed(2)} (target >= 0.5)`);
