import type { Command } from 'commander';
import { requestIsolation, type IsolationRequest } from '../isolation-requests';
import { operatorName } from '../operator';
import type { Run } from '../run';

const DESCRIPTIONS: Record<IsolationRequest['action'], string> = {
  isolate:
    'isolate an agent now: a signed isolate alert to every target, through the detector, recorded in isolations',
  release:
    'release an isolated agent: a signed notify alert saying who released it, and its incidents marked released',
};

export function registerIsolationCommands(program: Command, run: Run): void {
  for (const action of ['isolate', 'release'] as const) {
    program
      .command(`${action} <agentId>`)
      .description(DESCRIPTIONS[action])
      .requiredOption('--reason <text>', 'why: sent in the alert and kept with the incident')
      .option('--as <name>', 'who acts (default: $VIGIL_OPERATOR, else $USER)')
      .option('--no-wait', 'do not wait for the delivery to be recorded in isolations')
      .action((agentId: string, options: { reason: string; as?: string; wait: boolean }) =>
        run(async ({ connections, output }) => {
          const { command, alert, deliveries } = await requestIsolation(connections, {
            agentId,
            action,
            by: operatorName(connections.config, options.as),
            reason: options.reason,
            wait: options.wait,
          });
          if (output.json) return output.data({ command, alert, deliveries });
          output.fields([
            ['alert', alert.alertId],
            ['agent', alert.agentId],
            ['action', alert.action],
            ['reason', alert.reason],
          ]);
          if (!options.wait) return output.line(`${action} sent for ${agentId}`);
          output.table(deliveries, [
            { header: 'target', value: (d) => d.target },
            { header: 'delivery', value: (d) => d.status },
            { header: 'attempts', value: (d) => d.attempts },
          ]);
        }),
      );
  }
}
