import type { Kafka } from 'kafkajs';

/**
 * Waits until the cluster can coordinate consumer groups. On a new cluster the first
 * group lookup creates the offsets topic and is answered "not available" until that
 * topic is led; asking here, once, spares every service's first consumer the wait.
 */
export async function awaitGroupCoordinator(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.describeGroups([groupId]);
  } finally {
    await admin.disconnect();
  }
}
