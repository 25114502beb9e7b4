import type { CliConfig } from './config';

/** Who an action is recorded as: `--as`, else $VIGIL_OPERATOR, else the login name. */
export function operatorName(config: CliConfig, as: string | undefined): string {
  return as ?? config.VIGIL_OPERATOR ?? process.env.USER ?? 'unknown';
}
