import { HOUR_MS } from '../rhythm';
import {
  afterAnchor,
  burst,
  largestTool,
  pickAttacker,
  type AttackContext,
  type PlannedAttack,
} from './attack-context';
import { usualActivity } from './usual-activity';

export const PAYLOAD_SIZE_VARIANTS = [
  'huge-responses',
  'large-window',
  'slow-exfiltration',
] as const;

const MB = 1024 * 1024;

/**
 * Exfiltration: a few responses of tens of megabytes (`huge-responses`), many large ones summing to 100x
 * a usual window (`large-window`), or a day's bytes twenty times the agent's usual day in ordinary-sized
 * responses spread over ten hours (`slow-exfiltration`: no single call or window is out of the ordinary).
 */
export function planPayloadSize(ctx: AttackContext, id: string, variant: string): PlannedAttack {
  if (variant === 'slow-exfiltration') return planSlow(ctx, id);
  const attacker = pickAttacker(ctx);
  const { agent } = attacker;
  const r = ctx.random;
  const tool = largestTool(agent.kind);
  const single = variant === 'huge-responses';
  const calls = burst(r, {
    ...afterAnchor(r, id, attacker),
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

const SLOW_SPAN_MS = 10 * HOUR_MS;
/** Extra bytes on top of the usual day: twenty times the usual day in all. */
const SLOW_FACTOR = 19;
/** Slow exfiltration stays plausible as work: a few hundred calls over the day, not thousands. */
const MAX_SLOW_CALLS = 900;

function planSlow(ctx: AttackContext, id: string): PlannedAttack {
  const usualBytes = (agentId: string, beforeMs = ctx.windowStartMs) =>
    usualActivity(ctx.callsByAgent.get(agentId) ?? [], beforeMs).bytesPerActiveDay;
  // Responses a little above the tool's median (its upper half, within two sigmas): each one ordinary.
  const meanSize = (median: number, sigma: number) => median * Math.exp(0.8 * sigma);
  const attacker = pickAttacker(
    ctx,
    (candidate) => {
      const tool = largestTool(candidate.kind);
      const calls =
        (SLOW_FACTOR * usualBytes(candidate.id)) / meanSize(tool.medianBytes, tool.sigma);
      return calls >= 60 && calls <= MAX_SLOW_CALLS;
    },
    (index, calls) => (calls[index]?.timeMs ?? Infinity) < ctx.windowEndMs - SLOW_SPAN_MS,
  );
  const { agent } = attacker;
  const r = ctx.random;
  const tool = largestTool(agent.kind);
  // Scaled to the agent's days just before the attack, not those before the attack window.
  const target = SLOW_FACTOR * usualBytes(agent.id, attacker.anchor.timeMs);
  const sizes: number[] = [];
  for (let total = 0; total < target && sizes.length < MAX_SLOW_CALLS;) {
    const z = Math.min(2, Math.abs(r.normal()));
    const size = Math.round(tool.medianBytes * Math.exp(tool.sigma * z));
    sizes.push(size);
    total += size;
  }
  const gapMs = SLOW_SPAN_MS / sizes.length;
  const calls = burst(r, {
    ...afterAnchor(r, id, attacker),
    count: sizes.length,
    gapMs: [0.5 * gapMs, 1.5 * gapMs],
    tool,
    shape: (_call, i) => ({ responseBytes: sizes[i] ?? tool.medianBytes }),
  });
  const total = sizes.reduce((sum, size) => sum + size, 0);
  return {
    id,
    kind: 'payload_size',
    agentId: agent.id,
    description:
      `${agent.id} pulls ${Math.round(total / MB)} MB in ${calls.length} ordinary-sized ${tool.toolName ?? tool.method}` +
      ` responses over ten hours (a usual day: ${(target / SLOW_FACTOR / MB).toFixed(1)} MB): slow exfiltration`,
    calls,
    breaks: [],
  };
}
