import { anomaliesByIds, evidenceEvents } from '@vigil/queries';
import type { Command } from 'commander';
import { severityColour } from '../output';
import { CliError, type Run } from '../run';

export function registerExplain(program: Command, run: Run): void {
  program
    .command('explain <anomalyId>')
    .description('an anomaly, what was expected, and the evidence events from ClickHouse')
    .action((anomalyId: string) =>
      run(async ({ connections, output }) => {
        const [anomaly] = await anomaliesByIds(connections.read, connections.database, [anomalyId]);
        if (!anomaly) throw new CliError(`no anomaly ${anomalyId}`);
        const evidence = await evidenceEvents(connections.read, connections.database, anomaly);
        if (output.json) return output.data({ anomaly, evidence });
        output.line(anomaly.explanation);
        output.fields([
          ['anomaly', anomaly.anomaly_id],
          ['agent', anomaly.agent_id],
          ['kind', anomaly.kind],
          ['severity', severityColour(anomaly.severity)],
          ['score', anomaly.score.toFixed(1)],
          ['observed', anomaly.observed],
          ['expected', anomaly.expected],
          ['event time', anomaly.event_time],
          ['occurrences', `${anomaly.count} (version ${anomaly.version})`],
        ]);
        output.heading(
          `evidence (${evidence.length} of ${anomaly.evidence_event_ids.length} events stored)`,
        );
        output.table(evidence, [
          { header: 'time', value: (e) => e.event_time },
          { header: 'event', value: (e) => e.event_id },
          { header: 'server', value: (e) => e.server_id },
          { header: 'tool', value: (e) => e.tool_name || e.method },
          { header: 'resource', value: (e) => e.resource_uri },
          { header: 'bytes', value: (e) => e.response_bytes },
          { header: 'for', value: (e) => e.on_behalf_of },
          {
            header: 'token',
            value: (e) =>
              e.token_status_reason
                ? `${e.token_status}: ${e.token_status_reason}`
                : e.token_status,
          },
        ]);
      }),
    );
}
