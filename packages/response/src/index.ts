export { ResponseError, describeError, type ResponseErrorCode } from './errors';
export { IsolationPolicy, PolicyRule, DEFAULT_RULES, parsePolicy } from './policy';
export { createIsolationPolicy, type PolicyEngine } from './isolation-policy';
export { computeAlertId } from './alert-id';
export { buildAlert } from './build-alert';
export { isolationRequestId, manualAlert } from './manual-alert';
export {
  signPayload,
  verifySignature,
  DEFAULT_TOLERANCE_SECONDS,
  type VerifyResult,
} from './signature';
export {
  DeliveryTarget,
  DeliveryTargets,
  TargetKind,
  parseTargets,
} from './targets/delivery-target';
export type { AlertContext } from './targets/alert-context';
export { formatForTarget, type FormattedRequest } from './targets/format-for-target';
export { webhookBody } from './targets/webhook';
export { pagerDutyBody } from './targets/pagerduty';
export { slackBody } from './targets/slack';
export { alertmanagerBody } from './targets/alertmanager';
export { parseRetryAfter } from './retry-after';
export {
  DEFAULT_BACKOFF,
  DEFAULT_REQUEST_TIMEOUT_MS,
  expiredFailure,
  judgeReply,
  networkFailure,
  waitBeforeRetry,
  type AttemptReport,
  type DeliveryResult,
  type RetryBackoff,
} from './deliver';
export {
  createOutbox,
  summarizeRecord,
  OutboxRecord,
  OutboxSnapshot,
  TargetDelivery,
  type DeliveryOutcome,
  type Outbox,
  type PendingDelivery,
} from './outbox';
