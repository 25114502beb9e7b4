import { z } from 'zod';
import { validate } from '../validate';

export const TargetKind = z.enum(['webhook', 'pagerduty', 'slack', 'alertmanager']);
export type TargetKind = z.infer<typeof TargetKind>;

/** One place alerts are POSTed to. `name` keys the outbox, so it must be stable across restarts. */
export const DeliveryTarget = z
  .object({
    name: z.string().min(1),
    kind: TargetKind,
    url: z.url({ protocol: /^https?$/ }),
    /** PagerDuty integration key (Events API v2); required for `pagerduty`, ignored otherwise. */
    routingKey: z.string().min(1).optional(),
  })
  .superRefine((target, ctx) => {
    if (target.kind === 'pagerduty' && target.routingKey === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['routingKey'],
        message: 'a pagerduty target needs a routingKey',
      });
    }
  });
export type DeliveryTarget = z.infer<typeof DeliveryTarget>;

export const DeliveryTargets = z.array(DeliveryTarget).superRefine((targets, ctx) => {
  const seen = new Set<string>();
  targets.forEach((target, index) => {
    if (seen.has(target.name)) {
      ctx.addIssue({
        code: 'custom',
        path: [index, 'name'],
        message: `duplicate target name "${target.name}"`,
      });
    }
    seen.add(target.name);
  });
});

/** Validates the configured targets, naming the field that is wrong. */
export function parseTargets(json: unknown): DeliveryTarget[] {
  return validate(DeliveryTargets, json, 'VIGIL_RESPONSE_TARGET_INVALID', 'delivery targets');
}
