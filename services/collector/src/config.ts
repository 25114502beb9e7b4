import { CommonConfig, positiveInt } from '@vigil/runtime';

export const CollectorConfig = CommonConfig.extend({
  COLLECTOR_GROUP_ID: CommonConfig.shape.KAFKA_CLIENT_ID.default('vigil-collector'),
  /** Event ids remembered in memory to drop repeats without asking ClickHouse (~150 bytes each). */
  COLLECTOR_RECENT_IDS: positiveInt.default(500_000),
  VIGIL_HTTP_PORT: CommonConfig.shape.VIGIL_HTTP_PORT.default(9464),
});
export type CollectorConfig = ReturnType<typeof CollectorConfig.parse>;
