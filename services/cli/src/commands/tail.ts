import { Anomaly } from '@vigil/contracts';
import { decodeJson } from '@vigil/runtime';
import type { Command } from 'commander';
import { randomUUID } from 'node:crypto';
import { severityColour } from '../output';
import type { Run } from '../run';

export function registerTail(program: Command, run: Run): void {
  program
    .command('tail')
    .description('anomalies as they come (every version; Ctrl-C stops)')
    .option('--from-beginning', 'start with the anomalies already published')
    .option('--agent <agentId>', 'only this agent')
    .action((options: { fromBeginning?: boolean; agent?: string }) =>
      run(async ({ connections, output }) => {
        const { kafka, config } = connections;
        // A group of its own that is never committed: tailing takes nothing from anyone.
        const consumer = kafka.consumer({ groupId: `vigil-cli-tail-${randomUUID()}` });
        await consumer.connect();
        await consumer.subscribe({
          topic: config.VIGIL_TOPIC_ANOMALIES,
          fromBeginning: options.fromBeginning === true,
        });
        const stopped = new Promise<void>((resolve) => {
          for (const signal of ['SIGINT', 'SIGTERM'] as const)
            process.once(signal, () => resolve());
        });
        await consumer.run({
          autoCommit: false,
          eachMessage: async ({ message }) => {
            const decoded = decodeJson(Anomaly, message.value);
            if (!decoded.ok) return;
            const a = decoded.value;
            if (options.agent && a.agentId !== options.agent) return;
            if (output.json) return output.line(JSON.stringify(a));
            output.line(
              [
                a.eventTime,
                a.agentId,
                a.kind,
                severityColour(a.severity),
                a.score.toFixed(1),
                a.anomalyId,
                a.explanation,
              ].join('  '),
            );
          },
        });
        await stopped;
        await consumer.disconnect();
      }),
    );
}
