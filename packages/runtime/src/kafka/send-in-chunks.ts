import type { Message, Producer } from 'kafkajs';

/** Stays under the broker's default 1 MB record-batch limit with room for protocol overhead. */
export const DEFAULT_MAX_REQUEST_BYTES = 768 * 1024;

/**
 * kafkajs groups a send's messages by partition by copying the partition's array
 * for every message, so one send costs the square of its message count in copies
 * and garbage. Past a few hundred messages that outweighs a round trip saved.
 */
export const MAX_MESSAGES_PER_REQUEST = 250;

function sizeOf(message: Message): number {
  const size = (value: Message['value'] | Message['key']) =>
    value == null ? 0 : typeof value === 'string' ? Buffer.byteLength(value) : value.length;
  let headers = 0;
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    headers +=
      name.length + (typeof value === 'string' || Buffer.isBuffer(value) ? size(value) : 0);
  }
  return size(message.key) + size(message.value) + headers + 64;
}

/**
 * Sends messages in requests small enough for the broker (kafkajs puts a whole
 * send for one partition in one record batch, and a batch over the broker's
 * limit is refused as a whole), keeping their order within each partition.
 *
 * Order matters downstream: watermarks are per partition, so two chunks of one
 * partition that overtake each other (concurrent sends race, and a retried one
 * lands after its successor) turn hours of events late. Chunks of one partition
 * therefore go one after another; different partitions go in parallel. Messages
 * without an explicit partition share one lane, since their partition is only
 * known to the partitioner.
 */
export async function sendInChunks(
  producer: Producer,
  topic: string,
  messages: Message[],
  maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES,
): Promise<void> {
  const lanes = new Map<number | undefined, Message[]>();
  for (const message of messages) {
    const lane = lanes.get(message.partition);
    if (lane) lane.push(message);
    else lanes.set(message.partition, [message]);
  }
  await Promise.all(
    [...lanes.values()].map(async (lane) => {
      for (const chunk of chunksOf(lane, maxRequestBytes)) {
        await producer.send({ topic, messages: chunk });
      }
    }),
  );
}

function chunksOf(messages: Message[], maxRequestBytes: number): Message[][] {
  const chunks: Message[][] = [];
  let chunk: Message[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = sizeOf(message);
    if (
      chunk.length > 0 &&
      (bytes + size > maxRequestBytes || chunk.length >= MAX_MESSAGES_PER_REQUEST)
    ) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(message);
    bytes += size;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}
