import type { IsolationAlert } from '@vigil/contracts';

/** Alerts held at most, so a flood of alerts whose anomalies never arrive cannot grow memory. */
const MAX_PENDING = 10_000;

/**
 * Isolation alerts read before the anomalies they name (two topics of one stage: the detector
 * publishes the anomalies first, but nothing orders their reading). Each waits here, keyed by
 * agent, and is offered again with that agent's next input. A restart forgets them: the
 * incident then shows no isolation, while `isolations` still records the alert.
 */
export function createPendingAlerts() {
  const byAgent = new Map<string, IsolationAlert[]>();
  let size = 0;
  return {
    keep(alerts: readonly IsolationAlert[]) {
      for (const alert of alerts) {
        if (size >= MAX_PENDING) return;
        const held = byAgent.get(alert.agentId) ?? [];
        if (held.some((a) => a.alertId === alert.alertId)) continue;
        byAgent.set(alert.agentId, [...held, alert]);
        size++;
      }
    },
    takeFor(agentIds: readonly string[]) {
      return [...new Set(agentIds)].flatMap((agentId) => {
        const held = byAgent.get(agentId) ?? [];
        byAgent.delete(agentId);
        size -= held.length;
        return held.map((alert) => ({ type: 'isolation' as const, alert }));
      });
    },
  };
}
