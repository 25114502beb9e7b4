import { openConnections } from '@vigil/cli/connections';
import { loadConfig } from '@vigil/runtime';
import { ConsoleConfig } from './config';
import { createConsole } from './server';

let config: ConsoleConfig;
try {
  config = loadConfig(ConsoleConfig);
} catch (error) {
  console.error(`console: ${(error as Error).message}`);
  process.exit(2);
}
const connections = openConnections(config);
const app = createConsole(config, connections);
await app.listen({ host: config.VIGIL_CONSOLE_HOST, port: config.VIGIL_CONSOLE_PORT });
// The one line a person starting it needs; the pages themselves are the console's output.
console.log(
  `vigil console on http://${config.VIGIL_CONSOLE_HOST}:${config.VIGIL_CONSOLE_PORT} (database ${config.CLICKHOUSE_DATABASE})`,
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void app.close().then(() => connections.close()));
}
