import type { Producer } from 'kafkajs';
import type { Scenario } from '../scenarios/scenario';

export const CLOCK_AGENT = 'vigil-test-clock';

/** One event an hour past the scenario's end on every partition: moves the watermark past the last windows. */
export async function sendClockEvents(
  producer: Producer,
  auditTopic: string,
  scenario: Scenario,
): Promise<void> {
  const lastMs = scenario.audit.reduce((last, a) => Math.max(last, Date.parse(a.event.time)), 0);
  const endMs = lastMs + 3_600_000;
  await producer.send({
    topic: auditTopic,
    messages: [0, 1, 2].map((partition) => ({
      partition,
      key: CLOCK_AGENT,
      value: JSON.stringify({
        eventId: `clock-${partition}`,
        time: new Date(endMs).toISOString(),
        agentId: CLOCK_AGENT,
        method: 'tools/list',
        serverId: 'clock',
        outcome: 'ok',
      }),
    })),
  });
}
