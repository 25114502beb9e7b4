export { parseIdentityMessage, type IdentityMessage } from './parse-identity-message';
export {
  OktaLogEvent,
  OktaLogActor,
  OktaLogTarget,
  OktaLogClient,
  OktaLogOutcome,
} from './okta/okta-log-event';
export { mapOktaEvent, oktaMapperFor } from './okta/map-okta-event';
export type { OktaMapping, OktaMapper } from './okta/okta-mapping';
export {
  createIdentityState,
  type IdentityState,
  type IdentityStateStats,
  type Reassessment,
} from './identity-state';
export { IdentityStateConfig, type IdentityStateConfigInput } from './identity-state-config';
export { TokenStatusReason } from './token-status-reason';
export {
  createEnrichmentJoin,
  EnrichmentJoinConfig,
  ENRICHMENT_JOIN_DEFAULTS,
  type EnrichmentJoin,
  type JoinedEvent,
} from './enrichment-join';
export { sameEnrichment } from './same-enrichment';
export { IdentityError, type IdentityErrorCode } from './identity-error';
