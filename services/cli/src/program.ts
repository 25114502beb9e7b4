import { Command } from 'commander';
import { registerAgent } from './commands/agent';
import { registerExplain } from './commands/explain';
import { registerIncidentCommands } from './commands/incidents';
import { registerIsolationCommands } from './commands/isolation';
import { registerReplay } from './commands/replay';
import { registerStatus } from './commands/status';
import { registerTail } from './commands/tail';
import { createOutput } from './output';
import { createRun } from './run';

/** The `vigil` command line; the environment is the services' own (KAFKA_BROKERS, CLICKHOUSE_URL, …). */
export function buildProgram(env: Record<string, string | undefined> = process.env): Command {
  const program = new Command('vigil')
    .description(
      'Vigil for on-call and analysts: status, incidents, isolation, anomalies, agents, replay',
    )
    .option('--json', 'print JSON instead of tables')
    .showHelpAfterError();
  const run = createRun(
    () => createOutput({ json: program.opts<{ json?: boolean }>().json === true }),
    env,
  );
  registerStatus(program, run);
  registerIncidentCommands(program, run);
  registerIsolationCommands(program, run);
  registerExplain(program, run);
  registerTail(program, run);
  registerAgent(program, run);
  registerReplay(program, run);
  return program;
}
