import { HOUR_MS } from '../rhythm';
import {
  afterAnchor,
  burst,
  busiestTool,
  pickAttacker,
  type AttackContext,
  type PlannedAttack,
} from './attack-context';
import { usualActivity, usualCallsInHourAt } from './usual-activity';

export const CALL_VOLUME_VARIANTS = ['burst', 'slow'] as const;

/**
 * A runaway loop or scraping: hundreds of calls of one tool within ten minutes (`burst`), or ten times
 * the agent's usual hour of its ordinary mix spread evenly over an hour, so no ten-minute window stands
 * out on its own (`slow`). Ten, not five: an agent's own busy hours reach three to four times its mean
 * for that hour of the day (a coding agent's hour is 17 ± 13 calls), so five times is within what it
 * does on its own, while the slow harvests this stands for (the 30 users where 2 a day is
 * usual, a day's bytes 20×) are an order of magnitude.
 */
export function planCallVolume(ctx: AttackContext, id: string, variant: string): PlannedAttack {
  return variant === 'slow' ? planSlow(ctx, id) : planBurst(ctx, id);
}

function planBurst(ctx: AttackContext, id: string): PlannedAttack {
  const attacker = pickAttacker(ctx);
  const { agent } = attacker;
  const r = ctx.random;
  const tool = busiestTool(agent.kind);
  const count = r.int(420, 480);
  const calls = burst(r, {
    ...afterAnchor(r, id, attacker),
    count,
    // About one call a second: 420-480 calls take 7-9 minutes.
    gapMs: [800, 1_300],
    tool,
  });
  return {
    id,
    kind: 'call_volume',
    agentId: agent.id,
    description: `${agent.id} calls ${tool.toolName ?? tool.method} ${count} times in under ten minutes`,
    calls,
    breaks: [],
  };
}

/**
 * Agents busy enough that ten times their hour is a clear signal, not Poisson noise, and quiet enough
 * that it stays under every ten-minute window's floor (100 calls).
 */
const MIN_USUAL_PER_HOUR = 12;
const MAX_USUAL_PER_HOUR = 50;

function planSlow(ctx: AttackContext, id: string): PlannedAttack {
  const usualOf = (agentId: string) =>
    usualActivity(ctx.callsByAgent.get(agentId) ?? [], ctx.windowStartMs).callsPerActiveHour;
  const attacker = pickAttacker(ctx, (candidate) => {
    const usual = usualOf(candidate.id);
    return usual >= MIN_USUAL_PER_HOUR && usual <= MAX_USUAL_PER_HOUR;
  });
  const { agent } = attacker;
  const r = ctx.random;
  const from = afterAnchor(r, id, attacker);
  // Nine extra hours of work on top of the usual one at this time of day: ten times its usual hour.
  const usual = usualCallsInHourAt(
    ctx.callsByAgent.get(agent.id) ?? [],
    from.startMs,
    usualOf(agent.id),
    agent.kind.rhythm,
  );
  const count = Math.round(9 * usual);
  const gapMs = HOUR_MS / count;
  const calls = burst(r, {
    ...from,
    count,
    gapMs: [0.6 * gapMs, 1.4 * gapMs],
  });
  return {
    id,
    kind: 'call_volume',
    agentId: agent.id,
    description: `${agent.id} makes ${count} extra calls spread over an hour (usually ${Math.round(usual)} an hour): slow call volume`,
    calls,
    breaks: [],
  };
}
