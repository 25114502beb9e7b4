import { ENRICHMENT_JOIN_DEFAULTS } from '@vigil/identity';
import { CommonConfig, allowedLateness, positiveInt } from '@vigil/runtime';
import { z } from 'zod';

export const EnricherConfig = CommonConfig.extend({
  ENRICHER_GROUP_ID: CommonConfig.shape.KAFKA_CLIENT_ID.default('vigil-enricher'),
  VIGIL_HTTP_PORT: CommonConfig.shape.VIGIL_HTTP_PORT.default(9465),
  /** Audit events held at once while their token is not known yet. */
  ENRICHER_MAX_BUFFERED_EVENTS: positiveInt.default(ENRICHMENT_JOIN_DEFAULTS.maxBufferedEvents),
  /** Event time an audit event may wait for its token.issued (why this long: `@vigil/identity`). */
  ENRICHER_MAX_WAIT_MS: positiveInt.default(ENRICHMENT_JOIN_DEFAULTS.maxWaitMs),
  /** Events this far behind the newest event seen are late: stored and flagged, not scored. */
  VIGIL_ALLOWED_LATENESS_MS: allowedLateness,
  /** How often held events are released and offsets of drained partitions committed. */
  ENRICHER_TICK_MS: positiveInt.default(1_000),
  /** Processing time an event is held for its token when no later event moves event time on. */
  ENRICHER_MAX_HOLD_MS: positiveInt.default(30_000),
  /** Longest an audit batch waits for the identity stream to reach its event time. */
  ENRICHER_IDENTITY_WAIT_MS: positiveInt.default(15_000),
  ENRICHER_IDENTITY_CATCH_UP_TIMEOUT_MS: z.coerce.number().int().nonnegative().default(120_000),
});
export type EnricherConfig = z.output<typeof EnricherConfig>;
