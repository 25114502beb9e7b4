import type { DraftCall } from '../draft';
import { toolSchemaHash } from '../server-definitions';
import type { AttackContext, PlannedAttack } from './attack-context';

export const TOOL_DEFINITION_VARIANTS = ['quiet-tool'] as const;

/**
 * A server silently changes what one of its tools does (a "rug pull"). The change is the server's, so the
 * label names the first agent to meet it; the generator fixes that agent once delivery order is known.
 * The `ordinal` picks the fleet's kind (and, past the last kind, the next quietest tool).
 */
export function planToolDefinitionChanged(
  ctx: AttackContext,
  id: string,
  _variant: string,
  ordinal: number,
): PlannedAttack {
  const r = ctx.random;
  const kinds = ctx.kinds;
  const kind = kinds[ordinal % kinds.length];
  if (!kind) throw new Error('no agent kinds');
  // A quieter tool, so the changed definition does not take over most of the stream.
  const tools = kind.tools
    .filter((t) => t.toolName !== undefined)
    .sort((a, b) => a.weight - b.weight);
  const tool = tools[Math.floor(ordinal / kinds.length) % tools.length];
  if (!tool?.toolName) throw new Error(`${kind.name} has no tools`);
  const serverId = tool.serverId ?? kind.serverId;
  // Every caller of the tool meets the change, whatever its kind: one cause, many agents.
  const uses: DraftCall[] = [];
  for (const agent of ctx.population.agents) {
    for (const call of ctx.callsByAgent.get(agent.id) ?? []) {
      if (
        call.serverId === serverId &&
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
    description: `${serverId} changed the definition of ${tool.toolName}`,
    calls: [],
    breaks: [],
    definitionChange: {
      serverId,
      toolName: tool.toolName,
      fromMs: first.timeMs - r.int(1_000, 60_000),
      hash: toolSchemaHash(serverId, tool.toolName, id),
    },
  };
}
