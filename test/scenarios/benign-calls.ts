import type { TaskFocus, ToolProfile } from './agent-kinds';
import type { DraftCall } from './draft';
import type { Agent } from './population';
import type { Random } from './random';
import { HOUR_MS, activityLevel, surgeFactor, weekdayLevelSum, type Surge } from './rhythm';

export interface BenignOptions {
  startMs: number;
  endMs: number;
  /** Scales every agent's rate: a knob for small fast tests and large benchmarks. */
  activity: number;
  surge?: Surge;
}

/** Ordinary work: each agent runs tasks (a few related calls) at a rate that follows the daily rhythm. */
export function generateBenignCalls(
  random: Random,
  agents: readonly Agent[],
  options: BenignOptions,
): DraftCall[] {
  const calls: DraftCall[] = [];
  for (const agent of agents) {
    const r = random.fork(agent.id);
    const { kind } = agent;
    const weights = kind.tools.map((t) => t.weight);
    const tasksPerPeakHour =
      (kind.eventsPerWeekday * agent.rate * options.activity) /
      (weekdayLevelSum(kind.nightLevel, kind.rhythm) * kind.meanCallsPerTask);
    const thinkMs = kind.thinkMs ?? 3000;
    // Users are not equally busy: the first user of an agent gets most of its work.
    const userWeights = agent.users.map((_, i) => 1 / (i + 1));

    for (let hourMs = agent.joinMs; hourMs < options.endMs; hourMs += HOUR_MS) {
      const level =
        activityLevel(hourMs, kind.nightLevel, kind.rhythm) *
        surgeFactor(options.surge, kind.name, hourMs);
      const tasks = r.poisson(tasksPerPeakHour * level);
      for (let t = 0; t < tasks; t++) {
        const user = agent.users[r.weightedIndex(userWeights)] ?? agent.id;
        // The task's hour is time enough for a working set that grows by the day.
        const focus = kind.focus(r, agent.workingSet, hourMs);
        let timeMs = Math.round(hourMs + r.float() * HOUR_MS);
        const length = 1 + r.poisson(kind.meanCallsPerTask - 1);
        for (let c = 0; c < length && timeMs < options.endMs; c++) {
          const call = makeCall(
            r,
            agent,
            kind.tools[r.weightedIndex(weights)]!,
            focus,
            timeMs,
            user,
          );
          calls.push(call);
          // The next call follows once this one returned and the model thought about it.
          timeMs += Math.round(call.durationMs + r.logNormal(thinkMs, 0.8));
        }
      }
    }
  }
  return calls;
}

/** One call of `tool` with sizes, duration and outcome drawn from the tool's profile. */
export function makeCall(
  r: Random,
  agent: Agent,
  tool: ToolProfile,
  focus: TaskFocus,
  timeMs: number,
  user: string,
): DraftCall {
  const roll = r.float();
  const outcome = roll < 0.003 ? 'denied' : roll < 0.013 ? 'error' : 'ok';
  const responseBytes =
    outcome === 'ok' ? Math.round(r.logNormal(tool.medianBytes, tool.sigma)) : r.int(80, 400);
  return {
    timeMs,
    agent,
    method: tool.method,
    serverId: tool.serverId ?? agent.kind.serverId,
    toolName: tool.toolName,
    resourceUri: tool.uri(focus),
    requestBytes: Math.round(r.logNormal(350, 0.5)),
    responseBytes,
    // Bigger answers take longer to produce.
    durationMs: Math.round(r.logNormal(tool.medianMs, 0.5) * (1 + responseBytes / 2_000_000)),
    outcome,
    tokenUser: user,
    onBehalfOf: user,
    // Every draft has the same shape, which keeps a quarter million of them fast to process.
    tokenId: undefined,
    mcpSessionId: undefined,
    idpSessionId: undefined,
    attackId: undefined,
  };
}
