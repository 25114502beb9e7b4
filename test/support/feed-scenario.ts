import type { Producer } from 'kafkajs';
import { sendInChunks } from '@vigil/runtime';
import { RENDER, type Source } from '../scenarios/render-source';
import type { Scenario } from '../scenarios/scenario';

/**
 * Writes a scenario to Kafka as gateways and identity shippers would, in its
 * delivery order: consecutive runs of one topic go out together, so the two
 * topics interleave as they did in the scenario. The audit events go to
 * `topics.audit` in the format of `source` (default: the contract's).
 */
export async function feedScenario(
  producer: Producer,
  topics: { audit: string; identity: string },
  scenario: Scenario,
  deliveries: Scenario['deliveries'] = scenario.deliveries,
  source: Source = 'contract',
): Promise<void> {
  const render = RENDER[source];
  let run:
    | {
        topic: 'audit' | 'identity';
        messages: Array<{ key: string; value: string; partition?: number }>;
      }
    | undefined;
  const flush = async () => {
    if (!run || run.messages.length === 0) return;
    await sendInChunks(producer, topics[run.topic], run.messages);
    run = undefined;
  };
  for (const { topic, index } of deliveries) {
    if (run?.topic !== topic || run.messages.length >= 5_000) {
      await flush();
      run = { topic, messages: [] };
    }
    if (topic === 'audit') {
      const delivered = scenario.audit[index];
      if (!delivered) continue;
      const { event, partition } = delivered;
      const value = render(event);
      if (value !== undefined) run.messages.push({ key: event.agentId, value, partition });
    } else {
      const event = scenario.identity[index];
      if (!event) continue;
      run.messages.push({
        key: event.userId ?? event.tokenId ?? event.eventId,
        value: JSON.stringify(event),
      });
    }
  }
  await flush();
}

/** Feeds the first or the second half of a scenario's deliveries (a stream cut in two around a failure). */
export async function feedHalfOfScenario(
  producer: Producer,
  topics: { audit: string; identity: string },
  scenario: Scenario,
  half: 'first' | 'second',
): Promise<void> {
  const middle = Math.floor(scenario.deliveries.length / 2);
  const deliveries =
    half === 'first' ? scenario.deliveries.slice(0, middle) : scenario.deliveries.slice(middle);
  await feedScenario(producer, topics, scenario, deliveries);
}
