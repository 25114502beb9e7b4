import type { Scenario } from '../scenarios/scenario';

/** The last call of the agent with the most calls: a mature agent with a settled baseline. */
export function lastCallOfBusiestAgent(scenario: Scenario): Scenario['audit'][number] {
  const calls = new Map<string, number>();
  for (const { event } of scenario.audit)
    calls.set(event.agentId, (calls.get(event.agentId) ?? 0) + 1);
  const busiest = [...calls.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const own = scenario.audit.filter(
    (a) => a.event.agentId === busiest && a.event.responseBytes !== undefined,
  );
  const last = own.reduce((a, b) => (b.event.time > a.event.time ? b : a));
  return last;
}
