import type { AnomalyKind } from '@vigil/contracts';
import type { AttackContext, PlannedAttack } from './attack-context';
import { CALL_VOLUME_VARIANTS, planCallVolume } from './call-volume';
import { NEW_RESOURCE_VARIANTS, planNewResource } from './new-resource';
import { PAYLOAD_SIZE_VARIANTS, planPayloadSize } from './payload-size';
import { PRINCIPAL_FANOUT_VARIANTS, planPrincipalFanout } from './principal-fanout';
import { REVOKED_TOKEN_VARIANTS, planRevokedToken } from './revoked-token';
import { TOKEN_MISUSE_VARIANTS, planTokenMisuse } from './token-misuse';
import { TOOL_DEFINITION_VARIANTS, planToolDefinitionChanged } from './tool-definition-changed';

/** `ordinal` counts the attacks of one kind so far (tool definition changes pick their kind by it). */
type Planner = (ctx: AttackContext, id: string, variant: string, ordinal: number) => PlannedAttack;

interface KindPlanner {
  plan: Planner;
  /** Every variant the planner knows. */
  variants: readonly string[];
  /** The variants of the team's original generator, cycled by `planAttacks`. */
  classic: readonly string[];
}

// Revoked tokens come first: disabling a user constrains which agents later attacks may use.
const PLANNERS: ReadonlyArray<[AnomalyKind, KindPlanner]> = [
  [
    'revoked_token',
    { plan: planRevokedToken, variants: REVOKED_TOKEN_VARIANTS, classic: REVOKED_TOKEN_VARIANTS },
  ],
  [
    'new_resource',
    {
      plan: planNewResource,
      variants: NEW_RESOURCE_VARIANTS,
      classic: ['vault', 'foreign-server'],
    },
  ],
  ['call_volume', { plan: planCallVolume, variants: CALL_VOLUME_VARIANTS, classic: ['burst'] }],
  [
    'payload_size',
    {
      plan: planPayloadSize,
      variants: PAYLOAD_SIZE_VARIANTS,
      classic: ['huge-responses', 'large-window'],
    },
  ],
  [
    'token_misuse',
    { plan: planTokenMisuse, variants: TOKEN_MISUSE_VARIANTS, classic: TOKEN_MISUSE_VARIANTS },
  ],
  [
    'principal_fanout',
    { plan: planPrincipalFanout, variants: PRINCIPAL_FANOUT_VARIANTS, classic: ['burst'] },
  ],
  [
    'tool_definition_changed',
    {
      plan: planToolDefinitionChanged,
      variants: TOOL_DEFINITION_VARIANTS,
      classic: TOOL_DEFINITION_VARIANTS,
    },
  ],
];

/** Slow variants: each stays under every ten-minute threshold and shows only over an hour or a day. */
export const SLOW_VARIANTS: ReadonlySet<string> = new Set(['slow', 'slow-exfiltration']);

/** `perKind` attacks of every anomaly kind, cycling through each kind's classic variants (ids `kind-n`). */
export function planAttacks(ctx: AttackContext, perKind: number): PlannedAttack[] {
  const attacks: PlannedAttack[] = [];
  for (const [kind, planner] of PLANNERS) {
    for (let n = 0; n < perKind; n++) {
      const variant = planner.classic[n % planner.classic.length] ?? '';
      attacks.push(planner.plan(ctx, `${kind}-${n + 1}`, variant, n));
    }
  }
  return attacks;
}

/**
 * Every variant of every kind, slow ones included, `rounds` times over (ids `kind-n-variant`): the
 * plan of the fleet families, so each family labels every attack shape Vigil has to catch.
 */
export function planEveryVariant(ctx: AttackContext, rounds = 1): PlannedAttack[] {
  const attacks: PlannedAttack[] = [];
  for (const [kind, planner] of PLANNERS) {
    let n = 0;
    for (let round = 0; round < rounds; round++) {
      for (const variant of planner.variants) {
        attacks.push(planner.plan(ctx, `${kind}-${n + 1}-${variant}`, variant, n));
        n++;
      }
    }
  }
  return attacks;
}
