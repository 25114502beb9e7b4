import { CommonConfig, commaList, positiveInt } from '@vigil/runtime';
import { z } from 'zod';
import { INPUT_FORMATS } from './formats/input-formats';

export const CollectorConfig = CommonConfig.extend({
  COLLECTOR_GROUP_ID: CommonConfig.shape.KAFKA_CLIENT_ID.default('vigil-collector'),
  /** Event ids remembered in memory to drop repeats without asking ClickHouse (~150 bytes each). */
  COLLECTOR_RECENT_IDS: positiveInt.default(500_000),
  /** Which input formats the collector reads, each from its own topic. */
  COLLECTOR_INPUTS: commaList
    .pipe(
      z.array(z.enum(INPUT_FORMATS, { error: `must list some of ${INPUT_FORMATS.join(', ')}` })),
    )
    .default([...INPUT_FORMATS]),
  /** OTLP traces or logs carrying the OpenTelemetry MCP conventions (JSON or protobuf). */
  VIGIL_TOPIC_OTLP: z.string().min(1).default('mcp.otlp.v1'),
  VIGIL_TOPIC_AGENTGATEWAY: z.string().min(1).default('mcp.gateway.agentgateway.v1'),
  VIGIL_TOPIC_DOCKER_GATEWAY: z.string().min(1).default('mcp.gateway.docker.v1'),
  VIGIL_HTTP_PORT: CommonConfig.shape.VIGIL_HTTP_PORT.default(9464),
});
export type CollectorConfig = ReturnType<typeof CollectorConfig.parse>;
