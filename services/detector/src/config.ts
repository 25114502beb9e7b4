import { DEFAULT_MAX_AGENTS, DetectionConfig } from '@vigil/detectors';
import { DeliveryTargets, IsolationPolicy } from '@vigil/response';
import { CommonConfig, allowedLateness, fileText, jsonText, positiveInt } from '@vigil/runtime';
import { z } from 'zod';

/**
 * Thresholds of the detection core; its lateness is the pipeline's one,
 * VIGIL_ALLOWED_LATENESS_MS, and its bound on agents DETECTOR_MAX_AGENTS, beside the service's other limits.
 */
const DetectionThresholds = DetectionConfig.extend({
  allowedLatenessMs: z
    .never({
      error:
        'set VIGIL_ALLOWED_LATENESS_MS instead: the enricher and the detector share one lateness',
    })
    .optional(),
  maxAgents: z.never({ error: 'set DETECTOR_MAX_AGENTS instead' }).optional(),
});

const policyFile = fileText.pipe(jsonText).pipe(IsolationPolicy);
const secretFile = fileText
  .transform((text) => text.trim())
  .pipe(z.string().min(16, 'the secret in it must be at least 16 characters'));

export const DetectorConfig = CommonConfig.extend({
  DETECTOR_GROUP_ID: CommonConfig.shape.KAFKA_CLIENT_ID.default('vigil-detector'),
  /** The group reading people's isolate and release requests (its own: it commits as it goes). */
  DETECTOR_COMMANDS_GROUP_ID: CommonConfig.shape.KAFKA_CLIENT_ID.default('vigil-detector-commands'),
  VIGIL_HTTP_PORT: CommonConfig.shape.VIGIL_HTTP_PORT.default(9466),
  /** Compacted changelog of per-agent baseline state, keyed by agent id. */
  VIGIL_TOPIC_DETECTOR_STATE: z.string().min(1).default('vigil.detector.state.v1'),
  /** Compacted outbox of isolation alerts still being delivered, keyed by alert id. */
  VIGIL_TOPIC_OUTBOX: z.string().min(1).default('vigil.outbox.v1'),
  /** Events this far behind the newest of their partition are late: stored, not scored. */
  VIGIL_ALLOWED_LATENESS_MS: allowedLateness,
  /** Detection thresholds as JSON (see packages/detectors/src/config.ts); unset keeps the defaults. */
  VIGIL_DETECTION_CONFIG: z.string().default('{}').pipe(jsonText).pipe(DetectionThresholds),
  /** How often grouped alerts are sent and partition lag refreshed. */
  DETECTOR_TICK_MS: positiveInt.default(500),
  /** A caught-up partition silent this long (processing time) stops holding the watermark back. */
  DETECTOR_PARTITION_IDLE_MS: positiveInt.default(120_000),
  /**
   * Agents tracked at most (per instance): past it the least recently seen newcomer is evicted,
   * so a flood of distinct agent ids cannot exhaust memory (see packages/detectors, "Bounded agents").
   */
  DETECTOR_MAX_AGENTS: positiveInt.default(DEFAULT_MAX_AGENTS),
  /**
   * While a backlog is read, a partition whose events run more than this (event time) ahead of the
   * slowest partition with input left is paused until it catches up, so that what a judgment reads of
   * the other partitions (the population, the watermark) does not depend on which got ahead.
   */
  DETECTOR_MAX_PARTITION_SKEW_MS: positiveInt.default(3_600_000),
  /** Agent state is written to the changelog at most this often; offsets are committed as far as it covers. */
  DETECTOR_STATE_SAVE_INTERVAL_MS: positiveInt.default(2_000),
  /** Isolation policy file (JSON, see packages/response); unset keeps the default policy. */
  VIGIL_POLICY_FILE: z.string().min(1).optional(),
  /** Delivery targets as JSON: [{"name","kind":"webhook"|"pagerduty"|"slack"|"alertmanager","url"}]. */
  VIGIL_WEBHOOK_TARGETS: jsonText.pipe(DeliveryTargets).default([]),
  /** Shared HMAC secret for Vigil-Signature, or a file holding it (VIGIL_WEBHOOK_SECRET_FILE). */
  VIGIL_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  VIGIL_WEBHOOK_SECRET_FILE: z.string().min(1).optional(),
  /** Delivery gives up after this long; the alert is then marked failed. */
  VIGIL_DELIVERY_MAX_AGE_MS: positiveInt.default(3_600_000),
})
  .superRefine((config, ctx) => {
    const needsSecret = config.VIGIL_WEBHOOK_TARGETS.length > 0;
    if (needsSecret && !config.VIGIL_WEBHOOK_SECRET && !config.VIGIL_WEBHOOK_SECRET_FILE) {
      ctx.addIssue({
        code: 'custom',
        path: ['VIGIL_WEBHOOK_SECRET'],
        message: 'required (or VIGIL_WEBHOOK_SECRET_FILE) when VIGIL_WEBHOOK_TARGETS is set',
      });
    }
  })
  .transform((config, ctx) => {
    /** A file setting's value, its issues reported under the variable's name. */
    function fromFile<T>(variable: string, schema: z.ZodType<T>, file: string): T {
      const parsed = schema.safeParse(file);
      if (parsed.success) return parsed.data;
      for (const issue of parsed.error.issues) {
        ctx.addIssue({ code: 'custom', path: [variable, ...issue.path], message: issue.message });
      }
      return z.NEVER;
    }
    const file = config.VIGIL_POLICY_FILE;
    const secretPath = config.VIGIL_WEBHOOK_SECRET_FILE;
    return {
      ...config,
      /** The policy VIGIL_POLICY_FILE holds, validated at start; the default policy when unset. */
      isolationPolicy: file
        ? fromFile('VIGIL_POLICY_FILE', policyFile, file)
        : IsolationPolicy.parse({}),
      /** VIGIL_WEBHOOK_SECRET, else the secret VIGIL_WEBHOOK_SECRET_FILE holds, read at start. */
      webhookSecret:
        config.VIGIL_WEBHOOK_SECRET ??
        (secretPath ? fromFile('VIGIL_WEBHOOK_SECRET_FILE', secretFile, secretPath) : undefined),
    };
  });
export type DetectorConfig = z.output<typeof DetectorConfig>;
