import {
  toEpochMs,
  type Anomaly,
  type IsolationAction,
  type IsolationAlert,
  type Severity,
} from '@vigil/contracts';
import { buildAlert } from './build-alert';
import type { IsolationPolicy } from './policy';
import { parseAgentPolicyState, type AgentPolicyState, type LastAlert } from './policy-state';
import { actionFor } from './rule-match';
import { actionRank, severityRank, strongerAction } from './severity';

export interface PolicyEngine {
  /** Offer one anomaly at processing time nowMs; returns alerts due now (an anomaly at/above the isolate threshold alerts immediately: isolation must reach the gateway within 2 s). */
  offer(anomaly: Anomaly, nowMs: number): IsolationAlert[];
  /** Emit grouped alerts whose grouping window has passed. */
  tick(nowMs: number): IsolationAlert[];
  /** One agent's state (last alert, pending group), for a changelog keyed by agent id; undefined when it has none. */
  snapshotAgent(agentId: string): AgentPolicyState | undefined;
  /** Restores one agent's state (its partition was assigned here); throws a coded error on a foreign value. */
  restoreAgent(state: unknown): void;
  /** Forgets an agent (its partition moved elsewhere). */
  dropAgent(agentId: string): void;
  /** Agents whose state changed since the last call, then resets that set. */
  takeChangedAgents(): string[];
}

/**
 * Time: suppression and group membership are decided on the anomalies' own
 * `eventTime`, so a replay of the same anomalies in the same order yields the same
 * alerts with the same ids at any speed. Processing time (`nowMs`) only decides when
 * a group that nothing else closed is sent (liveness) and stamps `createdAt`.
 */
export function createIsolationPolicy(policy: IsolationPolicy): PolicyEngine {
  const agents = new Map<string, AgentPolicyState>();
  let maxEventMs = 0;
  let changed = new Set<string>();

  function stateOf(agentId: string): AgentPolicyState {
    let state = agents.get(agentId);
    if (state === undefined) {
      state = { agentId };
      agents.set(agentId, state);
    }
    changed.add(agentId);
    return state;
  }

  /** Inside the window, only a rise in severity or in action (notify → isolate) is sent again. */
  function isSuppressed(
    last: LastAlert | undefined,
    eventMs: number,
    severity: Severity,
    action: IsolationAction,
  ): boolean {
    if (last === undefined || eventMs >= last.eventTimeMs + policy.suppressionWindowMs)
      return false;
    const rises =
      severityRank(severity) > severityRank(last.severity) ||
      actionRank(action) > actionRank(last.action);
    return !rises;
  }

  function flush(state: AgentPolicyState, nowMs: number): IsolationAlert {
    const group = state.group;
    if (group === undefined) throw new Error(`no pending group for agent ${state.agentId}`);
    state.group = undefined;
    const alert = buildAlert({
      agentId: state.agentId,
      action: group.action,
      anomalies: group.anomalies,
      nowMs,
      maxAnomalies: policy.maxAnomaliesPerAlert,
    });
    state.last = {
      alertId: alert.alertId,
      eventTimeMs: Math.max(...group.anomalies.map((a) => toEpochMs(a.eventTime))),
      severity: alert.severity,
      action: alert.action,
    };
    return alert;
  }

  /**
   * Puts a newer version of an anomaly in place of the one its agent's pending group holds
   * (fresher score, count and evidence for the alert); returns whether it did.
   */
  function refreshPending(state: AgentPolicyState | undefined, anomaly: Anomaly): boolean {
    const pending = state?.group?.anomalies;
    if (pending === undefined) return false;
    const at = pending.findIndex((a) => a.anomalyId === anomaly.anomalyId);
    const held = pending[at];
    if (held === undefined || held.version >= anomaly.version) return false;
    pending[at] = anomaly;
    return true;
  }

  /** Forget agents whose suppression ended long ago (one more window of margin covers late anomalies). */
  function prune(): void {
    for (const [agentId, state] of agents) {
      const expired =
        state.last === undefined ||
        state.last.eventTimeMs + 2 * policy.suppressionWindowMs < maxEventMs;
      if (state.group === undefined && expired) {
        agents.delete(agentId);
        changed.add(agentId);
      }
    }
  }

  return {
    offer(anomaly, nowMs) {
      const action = actionFor(policy, anomaly);
      // A newer version of an anomaly waiting in a group replaces it there, whatever it scores now.
      const refreshed = refreshPending(agents.get(anomaly.agentId), anomaly);
      if (refreshed) changed.add(anomaly.agentId);
      if (action === undefined) return [];
      const eventMs = toEpochMs(anomaly.eventTime);
      maxEventMs = Math.max(maxEventMs, eventMs);
      const state = stateOf(anomaly.agentId);
      const due: IsolationAlert[] = [];

      // A later anomaly outside the group's event-time window closes it: deterministic on replay.
      if (state.group && eventMs >= state.group.startEventMs + policy.groupingWindowMs) {
        due.push(flush(state, nowMs));
      }
      // A new version of an anomaly already alerted keeps its event time, so it falls in that
      // alert's suppression window: it alerts again only when it raises severity or action.
      if (isSuppressed(state.last, eventMs, anomaly.severity, action)) return due;

      if (state.group === undefined) {
        state.group = {
          action,
          startEventMs: eventMs,
          dueAtMs: nowMs + policy.groupingWindowMs,
          anomalies: [anomaly],
        };
      } else {
        state.group.action = strongerAction(state.group.action, action);
        if (!state.group.anomalies.some((a) => a.anomalyId === anomaly.anomalyId)) {
          state.group.anomalies.push(anomaly);
        }
      }
      // Isolation never waits for grouping; anomalies already pending ride along.
      if (state.group.action === 'isolate' || policy.groupingWindowMs === 0) {
        due.push(flush(state, nowMs));
      }
      return due;
    },

    tick(nowMs) {
      const due: IsolationAlert[] = [];
      for (const state of agents.values()) {
        if (state.group && nowMs >= state.group.dueAtMs) {
          due.push(flush(state, nowMs));
          changed.add(state.agentId);
        }
      }
      prune();
      return due;
    },

    snapshotAgent(agentId) {
      const state = agents.get(agentId);
      return state === undefined ? undefined : structuredClone(state);
    },

    restoreAgent(value) {
      const state = parseAgentPolicyState(value);
      agents.set(state.agentId, state);
      // The pruning clock: a restored agent's own times are the least it has seen.
      const times = [state.last?.eventTimeMs ?? 0, state.group?.startEventMs ?? 0];
      maxEventMs = Math.max(maxEventMs, ...times);
    },

    dropAgent(agentId) {
      agents.delete(agentId);
      changed.delete(agentId);
    },

    takeChangedAgents() {
      const ids = [...changed].sort();
      changed = new Set();
      return ids;
    },
  };
}
