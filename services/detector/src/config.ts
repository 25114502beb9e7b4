import { DeliveryTargets } from '@vigil/response';
import { CommonConfig, positiveInt } from '@vigil/runtime';
import { z } from 'zod';

const jsonText = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be JSON' });
    return z.NEVER;
  }
});

export const DetectorConfig = CommonConfig.extend({
  DETECTOR_GROUP_ID: CommonConfig.shape.KAFKA_CLIENT_ID.default('vigil-detector'),
  /** The group reading people's isolate and release requests (its own: it commits as it goes). */
  DETECTOR_COMMANDS_GROUP_ID: CommonConfig.shape.KAFKA_CLIENT_ID.default('vigil-detector-commands'),
  VIGIL_HTTP_PORT: CommonConfig.shape.VIGIL_HTTP_PORT.default(9466),
  /** Compacted changelog of per-agent baseline state, keyed by agent id. */
  VIGIL_TOPIC_DETECTOR_STATE: z.string().min(1).default('vigil.detector.state.v1'),
  /** Compacted outbox of isolation alerts still being delivered, keyed by alert id. */
  VIGIL_TOPIC_OUTBOX: z.string().min(1).default('vigil.outbox.v1'),
  /** Detection thresholds as JSON (see packages/detectors/src/config.ts); unset keeps the defaults. */
  VIGIL_DETECTION_CONFIG: jsonText.optional(),
  /** Isolation policy file (JSON, see packages/response); unset keeps the default policy. */
  VIGIL_POLICY_FILE: z.string().min(1).optional(),
  /** Delivery targets as JSON: [{"name","kind":"webhook"|"pagerduty"|"slack"|"alertmanager","url"}]. */
  VIGIL_WEBHOOK_TARGETS: jsonText.pipe(DeliveryTargets).default([]),
  /** Shared HMAC secret for Vigil-Signature, or a file holding it (VIGIL_WEBHOOK_SECRET_FILE). */
  VIGIL_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  VIGIL_WEBHOOK_SECRET_FILE: z.string().min(1).optional(),
  /** Delivery gives up after this long; the alert is then marked failed. */
  VIGIL_DELIVERY_MAX_AGE_MS: positiveInt.default(3_600_000),
}).superRefine((config, ctx) => {
  const needsSecret = config.VIGIL_WEBHOOK_TARGETS.length > 0;
  if (needsSecret && !config.VIGIL_WEBHOOK_SECRET && !config.VIGIL_WEBHOOK_SECRET_FILE) {
    ctx.addIssue({
      code: 'custom',
      path: ['VIGIL_WEBHOOK_SECRET'],
      message: 'required (or VIGIL_WEBHOOK_SECRET_FILE) when VIGIL_WEBHOOK_TARGETS is set',
    });
  }
});
export type DetectorConfig = z.output<typeof DetectorConfig>;
