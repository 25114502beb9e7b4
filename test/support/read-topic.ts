import { decodeEnvelope } from '@vigil/contracts';
import { randomBytes } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';

/** Reads a topic from the beginning until `count` messages arrived (or the time is up), then a short grace for extras. */
export async function readTopic(
  kafka: Kafka,
  topic: string,
  count: number,
  timeoutMs = 60_000,
): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: `reader-${randomBytes(4).toString('hex')}` });
  const messages: KafkaMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      messages.push(message);
    },
  });
  const deadline = Date.now() + timeoutMs;
  while (messages.length < count && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  await consumer.disconnect();
  return messages;
}

/** The event id inside an internal topic's message (the envelope the collector forwards). */
export function forwardedEventId(value: Buffer | null): string | undefined {
  const decoded = decodeEnvelope(value);
  return decoded.ok ? decoded.value.event.eventId : undefined;
}
