import type { AttackContext, PlannedAttack } from './attack-context';
import { planCallVolume } from './call-volume';
import { planNewResource } from './new-resource';
import { planPayloadSize } from './payload-size';
import { planPrincipalFanout } from './principal-fanout';
import { planRevokedToken } from './revoked-token';
import { planTokenMisuse } from './token-misuse';
import { planToolDefinitionChanged } from './tool-definition-changed';

type Planner = (ctx: AttackContext, id: string, variant: number) => PlannedAttack;

// Revoked tokens come first: disabling a user constrains which agents later attacks may use.
const PLANNERS: Array<[string, Planner]> = [
  ['revoked_token', planRevokedToken],
  ['new_resource', planNewResource],
  ['call_volume', planCallVolume],
  ['payload_size', planPayloadSize],
  ['token_misuse', planTokenMisuse],
  ['principal_fanout', planPrincipalFanout],
  ['tool_definition_changed', planToolDefinitionChanged],
];

/** `perKind` attacks of every anomaly kind, cycling through each kind's variants. */
export function planAttacks(ctx: AttackContext, perKind: number): PlannedAttack[] {
  const attacks: PlannedAttack[] = [];
  for (const [kind, plan] of PLANNERS) {
    for (let variant = 0; variant < perKind; variant++) {
      attacks.push(plan(ctx, `${kind}-${variant + 1}`, variant));
    }
  }
  return attacks;
}
