import {
  burst,
  largestTool,
  pickAttacker,
  type AttackContext,
  type PlannedAttack,
} from './attack-context';

const MB = 1024 * 1024;

/** Exfiltration: a few responses of tens of megabytes, or many large ones summing to 100x a usual window. */
export function planPayloadSize(ctx: AttackContext, id: string, variant: number): PlannedAttack {
  const { agent, anchor } = pickAttacker(ctx);
  const r = ctx.random;
  const tool = largestTool(agent.kind);
  const single = variant % 2 === 0;
  const calls = burst(r, {
    attackId: id,
    agent,
    user: anchor.tokenUser,
    startMs: anchor.timeMs + r.int(30_000, 90_000),
    count: single ? 3 : 30,
    gapMs: single ? [30_000, 90_000] : [12_000, 18_000],
    tool,
    shape: (call) => {
      const responseBytes = single
        ? r.int(20 * MB, 80 * MB)
        : Math.round(tool.medianBytes * r.between(25, 40));
      return { responseBytes, durationMs: call.durationMs + Math.round(responseBytes / 20_000) };
    },
  });
  const total = calls.reduce((sum, call) => sum + call.responseBytes, 0);
  return {
    id,
    kind: 'payload_size',
    agentId: agent.id,
    description: single
      ? `${agent.id} pulls ${Math.round(total / MB)} MB in ${calls.length} ${tool.toolName ?? tool.method} responses`
      : `${agent.id} pulls ${Math.round(total / MB)} MB in ${calls.length} moderately large responses within ten minutes`,
    calls,
    breaks: [],
  };
}
