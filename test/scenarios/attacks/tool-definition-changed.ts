import { AGENT_KINDS } from '../agent-kinds';
import type { DraftCall } from '../draft';
import { toolSchemaHash } from '../server-definitions';
import type { AttackContext, PlannedAttack } from './attack-context';

/**
 * A server silently changes what one of its tools does (a "rug pull"). The change is the server's, so the
 * label names the first agent to meet it; the generator fixes that agent once delivery order is known.
 */
export function planToolDefinitionChanged(
  ctx: AttackContext,
  id: string,
  variant: number,
): PlannedAttack {
  const r = ctx.random;
  const kind = AGENT_KINDS[variant % AGENT_KINDS.length];
  if (!kind) throw new Error('no agent kinds');
  // A quieter tool, so the changed definition does not take over most of the stream.
  const tools = kind.tools
    .filter((t) => t.toolName !== undefined)
    .sort((a, b) => a.weight - b.weight);
  const tool = tools[Math.floor(variant / AGENT_KINDS.length) % tools.length];
  if (!tool?.toolName) throw new Error(`${kind.name} has no tools`);
  const uses: DraftCall[] = [];
  for (const agent of ctx.population.agents) {
    if (agent.kind !== kind) continue;
    for (const call of ctx.callsByAgent.get(agent.id) ?? []) {
      if (
        call.toolName === tool.toolName &&
        call.timeMs >= ctx.windowStartMs &&
        call.timeMs < ctx.windowEndMs
      ) {
        uses.push(call);
      }
    }
  }
  const first = r.pick(uses);
  return {
    id,
    kind: 'tool_definition_changed',
    agentId: first.agent.id,
    description: `${kind.serverId} changed the definition of ${tool.toolName}`,
    calls: [],
    breaks: [],
    definitionChange: {
      serverId: kind.serverId,
      toolName: tool.toolName,
      fromMs: first.timeMs - r.int(1_000, 60_000),
      hash: toolSchemaHash(kind.serverId, tool.toolName, id),
    },
  };
}
