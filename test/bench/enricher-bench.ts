// Enricher throughput from the accepted topic into ClickHouse (and on), beside a bare kafkajs consumer.
// Run: npm run bench:enricher   (the local stack must be up: npm run stack:up)
import { startService } from '../support/service-process';
import {
  bareConsumerRate,
  benchPipeline,
  pipelineEventMessages,
  printRates,
  timeUntil,
  tokenIssuedMessages,
} from './bench-kit';

const count = Number(process.env.BENCH_EVENTS ?? 200_000);
const agents = 1_000;
const bench = await benchPipeline('enricher');
const topic = bench.env.VIGIL_TOPIC_ACCEPTED as string;
await bench.produce(bench.env.VIGIL_TOPIC_IDENTITY as string, tokenIssuedMessages(agents));
await bench.produce(topic, pipelineEventMessages(count, { agents }));

const bare = await bareConsumerRate(bench.kafka, topic, count);
const enricher = await startService('enricher', bench.env);
const stored = await timeUntil(() => bench.count('audit_enrichments'), count);
await enricher.stop();
await bench.close();

console.log(
  `events: ${count} (3 partitions, ${agents.toLocaleString('en')} agents with issued tokens)`,
);
printRates('enricher', 'accepted -> ClickHouse', bare, stored);
