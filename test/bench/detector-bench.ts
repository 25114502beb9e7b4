// Detector throughput on the enriched topic (scored, anomalies stored, offsets committed), beside a bare kafkajs consumer.
// Run: npm run bench:detector   (the local stack must be up: npm run stack:up)
import { startService } from '../support/service-process';
import {
  bareConsumerRate,
  benchPipeline,
  pipelineEventMessages,
  printRates,
  waitForCommitted,
} from './bench-kit';

const count = Number(process.env.BENCH_EVENTS ?? 200_000);
const agents = 10_000;
const spanHours = 3;
const bench = await benchPipeline('detector');
const topic = bench.env.VIGIL_TOPIC_ENRICHED as string;
const stepMs = (spanHours * 3_600_000) / count;
const enrichment = { tokenStatus: 'active', userStatus: 'active' } as const;
await bench.produce(topic, pipelineEventMessages(count, { agents, stepMs, enrichment }));

const bare = await bareConsumerRate(bench.kafka, topic, count);
const detector = await startService('detector', bench.env);
const committed = await waitForCommitted(
  bench.kafka,
  bench.env.DETECTOR_GROUP_ID as string,
  topic,
  count,
);
await detector.stop();
const anomalies = await bench.count('anomalies');
await bench.close();

console.log(
  `events: ${count} (3 partitions, ${agents.toLocaleString('en')} agents, ${spanHours} h of event time)`,
);
printRates('detector', 'enriched -> scored and committed', bare, committed);
console.log(`anomalies stored: ${anomalies}`);
