import { CliConfig } from '@vigil/cli/config';
import { jsonText, port } from '@vigil/runtime';
import { z } from 'zod';

/** Who may use the console: each bearer token names a person and what they may do. */
export const ConsoleUser = z.object({
  token: z.string().min(16, 'a token must be at least 16 characters'),
  name: z.string().min(1),
  role: z.enum(['read-only', 'operator']),
});
export type ConsoleUser = z.infer<typeof ConsoleUser>;

export const ConsoleConfig = CliConfig.extend({
  VIGIL_CONSOLE_PORT: port.default(9470),
  VIGIL_CONSOLE_HOST: z.string().min(1).default('127.0.0.1'),
  /** JSON list of {token, name, role}; read-only users see everything, operators also act. */
  VIGIL_CONSOLE_TOKENS: jsonText.pipe(z.array(ConsoleUser).min(1, 'at least one user')),
});
export type ConsoleConfig = z.output<typeof ConsoleConfig>;
