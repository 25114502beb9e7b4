import type { AnomalyDraft } from './anomaly';
import type { EventContext } from './event-context';
import { definitionKey } from './population';

/**
 * tool_definition_changed: a tool's definition hash differs from the one in
 * the agent's baseline (a "rug pull": same name, new behaviour). Its surprise
 * is how rarely definitions change at all across the population:
 * p = (changes + 1) / (definition observations + 2). The new hash becomes the
 * baseline, and a hash seen before never fires again.
 */
export function detectToolDefinitionChange(ctx: EventContext): AnomalyDraft | undefined {
  const eventHash = ctx.event.toolSchemaHash;
  if (eventHash === undefined) return undefined;
  const { op, population } = ctx;
  const hash = population.canonicalHash(eventHash);
  const previous = op.definitionHash;
  op.definitionObservations++;
  population.definitionObservations++;
  if (hash === previous) return undefined;
  op.definitionHash = hash;
  if (op.knownHashes.includes(hash)) return undefined;
  const log10P = Math.log10(
    (population.definitionChanges + 1) / (population.definitionObservations + 1),
  );
  op.knownHashes.push(hash);
  population.recordDefinition(op.population, hash);
  if (previous === undefined) return undefined;
  const { event, agent } = ctx;
  const tool = op.name;
  const key = definitionKey(op.server.id, tool, hash);
  // One anomaly for the server's change: each agent that meets it updates the count.
  const { count, agents } = population.reachDefinition(key, agent.id);
  const named = count > agents.length ? `${agents.join(', ')} and others` : agents.join(', ');
  const reach =
    count === 1
      ? `agent ${agent.id} uses it`
      : `${count} agents have called it since (${named}), the latest ${agent.id}`;
  return {
    kind: 'tool_definition_changed',
    agentId: agent.id,
    anchor: 'definition',
    key,
    eventTimeMs: ctx.time,
    log10P,
    observed: `definition ${hash}`,
    expected: `definition ${previous}`,
    explanation: `the definition of tool ${tool} on server ${op.server.id} changed (hash ${previous} → ${hash}) and ${reach}; review the new definition before agents trust it`,
    evidenceEventIds: [event.eventId],
    count,
  };
}
