import { CommonConfig, positiveInt } from '@vigil/runtime';
import { z } from 'zod';

export const IncidentsConfig = CommonConfig.extend({
  INCIDENTS_GROUP_ID: CommonConfig.shape.KAFKA_CLIENT_ID.default('vigil-incidents'),
  VIGIL_HTTP_PORT: CommonConfig.shape.VIGIL_HTTP_PORT.default(9467),
  /** An anomaly joins the agent's latest incident within this much event time (default 2 hours). */
  VIGIL_INCIDENT_GAP_MS: positiveInt.default(2 * 60 * 60 * 1000),
});
export type IncidentsConfig = z.output<typeof IncidentsConfig>;
