// kafkajs (the project's Kafka client) beside @platformatic/kafka 1.35 (its last release for Node 20)
// on the local broker: the same audit-event messages produced to a fresh 3-partition topic by each,
// then read back by a bare consumer of each. Prints messages/s for the four.
// Run: npm run bench:kafka-clients   (the local stack must be up: npm run stack:up)
import { randomBytes } from 'node:crypto';
import { Consumer, ProduceAcks, Producer } from '@platformatic/kafka';
import { sendInChunks } from '@vigil/runtime';
import { Kafka, logLevel } from 'kafkajs';
import { auditEventMessages, bareConsumerRate } from './bench-kit';

const count = Number(process.env.BENCH_EVENTS ?? 200_000);
const PARTITIONS = 3;
/** Per request, as the services' sendInChunks sends at most. */
const CHUNK = 250;
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
const kafka = new Kafka({ clientId: 'client-bench', brokers, logLevel: logLevel.ERROR });
const run = randomBytes(3).toString('hex');
const messages = auditEventMessages(count).map((m, i) => ({
  key: Buffer.from(m.key),
  value: Buffer.from(m.value),
  partition: i % PARTITIONS,
}));

const admin = kafka.admin();
await admin.connect();
const topicOf = (client: string) => `bench.clients.${run}.${client}`;
await admin.createTopics({
  topics: ['kafkajs', 'platformatic'].map((client) => ({
    topic: topicOf(client),
    numPartitions: PARTITIONS,
  })),
  waitForLeaders: true,
});

const rate = (started: number) => count / ((performance.now() - started) / 1000);
const lanes = Array.from({ length: PARTITIONS }, (_, p) =>
  messages.filter((m) => m.partition === p),
);

// kafkajs through the services' own sendInChunks: partitions side by side, each in order.
const kafkajsProducer = kafka.producer();
await kafkajsProducer.connect();
let started = performance.now();
await sendInChunks(kafkajsProducer, topicOf('kafkajs'), messages);
const kafkajsProduce = rate(started);
await kafkajsProducer.disconnect();

const platformaticProducer = new Producer({
  clientId: 'client-bench',
  bootstrapBrokers: brokers,
  acks: ProduceAcks.ALL,
});
started = performance.now();
await Promise.all(
  lanes.map(async (lane) => {
    for (let i = 0; i < lane.length; i += CHUNK) {
      await platformaticProducer.send({
        messages: lane.slice(i, i + CHUNK).map((m) => ({ ...m, topic: topicOf('platformatic') })),
      });
    }
  }),
);
const platformaticProduce = rate(started);
await platformaticProducer.close();

const kafkajsConsume = await bareConsumerRate(kafka, topicOf('kafkajs'), count);

const consumer = new Consumer({
  clientId: 'client-bench',
  groupId: `bare-${run}`,
  bootstrapBrokers: brokers,
  maxBytesPerPartition: 4 * 1024 * 1024,
});
const stream = await consumer.consume({
  topics: [topicOf('platformatic')],
  mode: 'earliest',
  autocommit: false,
});
let seen = 0;
let first = 0;
const platformaticConsume = await new Promise<number>((resolve) => {
  stream.on('data', () => {
    if (first === 0) first = performance.now();
    if (++seen === count) resolve(count / ((performance.now() - first) / 1000));
  });
});
await stream.close();
await consumer.close(true);
await admin.deleteTopics({ topics: [topicOf('kafkajs'), topicOf('platformatic')] });
await admin.disconnect();

const perSecond = (value: number) => `${Math.round(value).toLocaleString('en')} messages/s`;
console.log(`${count.toLocaleString('en')} audit events, ${PARTITIONS} partitions`);
console.log(`produce  kafkajs (sendInChunks): ${perSecond(kafkajsProduce)}`);
console.log(`produce  @platformatic/kafka:    ${perSecond(platformaticProduce)}`);
console.log(`consume  kafkajs (bare):         ${perSecond(kafkajsConsume)}`);
console.log(`consume  @platformatic/kafka:    ${perSecond(platformaticConsume)}`);
