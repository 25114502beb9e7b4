import { CommonConfig, loadConfig } from '@vigil/runtime';
import { z } from 'zod';

/** The services' own variables: the CLI looks at the deployment they describe. */
export const CliConfig = CommonConfig.omit({ VIGIL_HTTP_PORT: true }).extend({
  COLLECTOR_GROUP_ID: z.string().min(1).default('vigil-collector'),
  ENRICHER_GROUP_ID: z.string().min(1).default('vigil-enricher'),
  DETECTOR_GROUP_ID: z.string().min(1).default('vigil-detector'),
  DETECTOR_COMMANDS_GROUP_ID: z.string().min(1).default('vigil-detector-commands'),
  INCIDENTS_GROUP_ID: z.string().min(1).default('vigil-incidents'),
  /** Who `ack`, `close`, `isolate` and `release` are recorded as, unless `--as` says otherwise. */
  VIGIL_OPERATOR: z.string().min(1).optional(),
});
export type CliConfig = z.output<typeof CliConfig>;

export function readCliConfig(env: Record<string, string | undefined> = process.env): CliConfig {
  return loadConfig(CliConfig, env);
}
