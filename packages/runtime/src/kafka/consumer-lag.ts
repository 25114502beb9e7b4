import type { Admin } from 'kafkajs';

/** Unread messages per partition of `topic` for a consumer group (its committed offsets against the ends). */
export async function consumerLag(
  admin: Admin,
  groupId: string,
  topic: string,
): Promise<Map<number, bigint>> {
  const ends = await admin.fetchTopicOffsets(topic);
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const lag = new Map<number, bigint>();
  for (const end of ends) {
    const offset = committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
    const from = BigInt(offset) < 0n ? BigInt(end.low) : BigInt(offset);
    lag.set(end.partition, BigInt(end.high) - from);
  }
  return lag;
}
