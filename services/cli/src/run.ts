import { openConnections, type Connections } from './connections';
import { readCliConfig } from './config';
import type { Output } from './output';

/** A failure the person at the terminal can act on: printed as is, exit code 1, no stack trace. */
export class CliError extends Error {
  readonly code = 'VIGIL_CLI_FAILED';
}

export interface CommandContext {
  connections: Connections;
  output: Output;
}

/** Runs one command's body with its connections, closing them after, and maps errors to exit codes. */
export type Run = (body: (context: CommandContext) => Promise<void>) => Promise<void>;

export function createRun(output: () => Output, env: Record<string, string | undefined>): Run {
  return async (body) => {
    const connections = openConnections(readCliConfig(env));
    try {
      await body({ connections, output: output() });
    } finally {
      await connections.close();
    }
  };
}
