import type { AuditEvent } from '@vigil/contracts';
import type { PlannedAttack } from './attacks/attack-context';
import type { DraftCall } from './draft';
import type { LabelledAttack } from './scenario';
import type { StampedAudit, TimedIdentity } from './to-events';

export interface Labels {
  attacks: LabelledAttack[];
  benignEventIds: Set<string>;
}

/**
 * The exact audit events each attack injected, and its time span. A changed tool definition is labelled
 * with every event that carries it, under the first agent that delivered one.
 */
export function labelAttacks(
  planned: readonly PlannedAttack[],
  calls: readonly DraftCall[],
  stamped: StampedAudit,
  identity: readonly TimedIdentity[],
  deliveryOrder: ReadonlyArray<{ event: AuditEvent }>,
): Labels {
  const labels = new Map<string, LabelledAttack>(
    planned.map((attack) => [
      attack.id,
      {
        id: attack.id,
        kind: attack.kind,
        agentId: attack.agentId,
        startMs: Infinity,
        endMs: -Infinity,
        eventIds: [],
        description: attack.description,
      },
    ]),
  );
  const extend = (label: LabelledAttack | undefined, timeMs: number) => {
    if (!label) return;
    label.startMs = Math.min(label.startMs, timeMs);
    label.endMs = Math.max(label.endMs, timeMs);
  };
  const changeOf = new Map(
    planned.flatMap((attack) =>
      attack.definitionChange ? [[attack.definitionChange, attack.id]] : [],
    ),
  );

  const benignEventIds = new Set<string>();
  stamped.events.forEach((event, index) => {
    const attackId = calls[index]?.attackId;
    const change = stamped.changes[index];
    const changeLabel = change && labels.get(changeOf.get(change) ?? '');
    const attackLabel = attackId !== undefined ? labels.get(attackId) : undefined;
    if (attackLabel) {
      attackLabel.eventIds.push(event.eventId);
      extend(attackLabel, calls[index]?.timeMs ?? 0);
    }
    if (changeLabel) changeLabel.eventIds.push(event.eventId);
    if (!attackLabel && !changeLabel) benignEventIds.add(event.eventId);
  });
  for (const { timeMs, attackId } of identity)
    extend(attackId ? labels.get(attackId) : undefined, timeMs);

  for (const attack of planned) {
    const change = attack.definitionChange;
    const label = labels.get(attack.id);
    if (!change || !label) continue;
    const first = deliveryOrder.find(({ event }) => event.toolSchemaHash === change.hash);
    if (first) {
      label.agentId = first.event.agentId;
      label.startMs = change.fromMs;
      label.endMs = Date.parse(first.event.time);
    }
  }
  return { attacks: [...labels.values()], benignEventIds };
}
