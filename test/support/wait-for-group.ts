import type { Admin, Kafka } from 'kafkajs';
import { eventually } from './isolated-pipeline';

/** Polls `check` with an admin client every half second until it holds or the time is up. */
async function pollWithAdmin(
  kafka: Kafka,
  timeoutMs: number,
  check: (admin: Admin) => Promise<boolean>,
): Promise<boolean> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await eventually(() => check(admin), timeoutMs, 500);
  } finally {
    await admin.disconnect();
  }
}

/** Waits until a consumer group has committed everything its topic holds (the stage has drained). */
export async function waitForGroupToDrain(
  kafka: Kafka,
  groupId: string,
  topic: string,
  timeoutMs = 300_000,
): Promise<boolean> {
  return pollWithAdmin(kafka, timeoutMs, async (admin) => {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return ends.every((end) => {
      const done = committed?.partitions.find((p) => p.partition === end.partition)?.offset;
      return BigInt(end.high) === 0n || (done !== undefined && BigInt(done) >= BigInt(end.high));
    });
  });
}

/** Waits until a consumer group is stable with exactly `members` members (a rebalance has settled). */
export async function waitForGroupMembers(
  kafka: Kafka,
  groupId: string,
  members: number,
  timeoutMs = 90_000,
): Promise<boolean> {
  return pollWithAdmin(kafka, timeoutMs, async (admin) => {
    const { groups } = await admin.describeGroups([groupId]);
    return groups[0]?.state === 'Stable' && groups[0].members.length === members;
  });
}
