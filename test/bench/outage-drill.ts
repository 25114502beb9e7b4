// Stops ClickHouse or the Kafka broker of the local stack for a while as the three services drain
// a stream, then prints whether any exited, how long they took to drain after the store came back,
// and whether every event was stored exactly once.
// Run: npm run drill:outage -- clickhouse|kafka [seconds]
import { localClickHouse, localKafka } from '../support/local-stack';
import { startService } from '../support/service-process';
import { auditEventMessages, benchPipeline, timeUntil } from './bench-kit';

const [store = 'clickhouse', seconds = '60'] = process.argv.slice(2);
const server = store === 'kafka' ? localKafka() : localClickHouse();
if (!server.local) throw new Error(`no local ${store} of scripts/stack to stop`);
const total = Number(process.env.DRILL_EVENTS ?? 60_000);
const bench = await benchPipeline('drill');
const topic = bench.env.VIGIL_TOPIC_AUDIT as string;
const messages = auditEventMessages(total, 200);
await bench.produce(topic, messages.slice(0, total / 2));
const services = [];
for (const name of ['collector', 'enricher', 'detector'] as const) {
  services.push({ name, process: await startService(name, bench.env) });
}
await timeUntil(() => bench.count('audit_enrichments'), 1);
await server.stop();
console.log(`${store} stopped for ${seconds} s`);
await new Promise((resolve) => setTimeout(resolve, Number(seconds) * 1000));
server.start();
console.log(`${store} started again`);
await bench.produce(topic, messages.slice(total / 2));
const drained = await timeUntil(() => bench.count('audit_enrichments'), total, 300_000);
for (const { name, process: service } of services) {
  console.log(
    `${name}: ${service.process.exitCode === null ? 'still running' : `exited ${service.process.exitCode}`}`,
  );
  await service.stop();
}
const stored = await bench.count('audit_events');
console.log(
  `events: ${total} sent, ${stored} in audit_events, ${drained.reached} enriched, drained ${drained.seconds.toFixed(1)} s after ${store} came back`,
);
await bench.close();
