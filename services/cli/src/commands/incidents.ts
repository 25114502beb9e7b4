import { IncidentStatus, Severity, type Incident } from '@vigil/contracts';
import { anomaliesByIds, incidentHistory, listIncidents } from '@vigil/queries';
import type { Command } from 'commander';
import { findIncident, sendIncidentAction, type PersonAction } from '../incident-actions';
import { operatorName } from '../operator';
import { severityColour, statusColour, type Column, type Output } from '../output';
import type { Run } from '../run';

const INCIDENT_COLUMNS: ReadonlyArray<Column<Incident>> = [
  { header: 'incident', value: (i) => i.incidentId },
  { header: 'agent', value: (i) => i.agentId },
  { header: 'status', value: (i) => i.status, colour: statusColour },
  { header: 'severity', value: (i) => i.severity, colour: severityColour },
  { header: 'score', value: (i) => i.maxScore.toFixed(1) },
  { header: 'kinds', value: (i) => i.kinds.join(',') },
  { header: 'anomalies', value: (i) => i.anomalyIds.length },
  { header: 'isolation', value: (i) => i.isolation },
  { header: 'owner', value: (i) => i.owner || '-' },
  { header: 'last anomaly', value: (i) => i.lastAnomalyAt },
];

export function registerIncidentCommands(program: Command, run: Run): void {
  program
    .command('incidents')
    .description('list incidents, most recently active first')
    .option('--status <status>', 'open, acknowledged or closed')
    .option('--agent <agentId>', 'only this agent')
    .option('--severity <severity>', 'low, medium, high or critical')
    .option('--kind <kind>', 'only incidents with an anomaly of this kind')
    .option('--since <time>', 'only incidents with an anomaly at or after this RFC 3339 time')
    .option('--limit <n>', 'at most this many', '50')
    .action((options: Record<string, string | undefined>) =>
      run(async ({ connections, output }) => {
        const incidents = await listIncidents(connections.read, connections.database, {
          ...(options.status ? { status: IncidentStatus.parse(options.status) } : {}),
          ...(options.severity ? { severity: Severity.parse(options.severity) } : {}),
          ...(options.agent ? { agentId: options.agent } : {}),
          ...(options.kind ? { kind: options.kind } : {}),
          ...(options.since ? { since: options.since } : {}),
          limit: Number(options.limit),
        });
        if (output.json) return output.data(incidents);
        output.table(incidents, INCIDENT_COLUMNS);
      }),
    );

  program
    .command('incident <incidentId>')
    .description('show one incident: its anomalies and its history')
    .action((incidentId: string) =>
      run(async ({ connections, output }) => {
        const incident = await findIncident(connections, incidentId);
        const anomalies = await anomaliesByIds(
          connections.read,
          connections.database,
          incident.anomalyIds,
        );
        const history = await incidentHistory(connections.read, connections.database, incidentId);
        if (output.json) return output.data({ incident, anomalies, history });
        showIncident(output, incident);
        output.heading('anomalies');
        output.table(anomalies, [
          { header: 'anomaly', value: (a) => a.anomaly_id },
          { header: 'time', value: (a) => a.event_time },
          { header: 'kind', value: (a) => a.kind },
          { header: 'severity', value: (a) => a.severity, colour: severityColour },
          { header: 'score', value: (a) => a.score.toFixed(1) },
          { header: 'explanation', value: (a) => a.explanation },
        ]);
        output.heading('history');
        output.table(history, [
          { header: 'version', value: (h) => h.version },
          { header: 'when', value: (h) => h.updatedAt },
          { header: 'change', value: (h) => h.change },
          { header: 'by', value: (h) => h.changedBy },
          { header: 'status', value: (h) => h.status, colour: statusColour },
          { header: 'note', value: (h) => h.note },
        ]);
      }),
    );

  // Release is the agent's (`vigil release <agentId>`): it tells the targets, then marks its incidents.
  const actions: Array<[PersonAction, string]> = [
    ['acknowledge', 'ack'],
    ['close', 'close'],
  ];
  const descriptions: Record<PersonAction, string> = {
    acknowledge: 'acknowledge an incident: you own it now',
    close: 'close an incident; later anomalies of the agent open a new one',
  };
  for (const [action, name] of actions) {
    program
      .command(`${name} <incidentId>`)
      .description(descriptions[action])
      .option('--note <text>', 'a note kept with the incident')
      .option('--as <name>', 'who acts (default: $VIGIL_OPERATOR, else $USER)')
      .option('--no-wait', 'do not wait for the incidents stage to record it')
      .action((incidentId: string, options: { note?: string; as?: string; wait: boolean }) =>
        run(async ({ connections, output }) => {
          const recorded = await sendIncidentAction(connections, {
            incidentId,
            action,
            by: operatorName(connections.config, options.as),
            note: options.note,
            wait: options.wait,
          });
          if (output.json) return output.data(recorded ?? { sent: true });
          if (recorded) showIncident(output, recorded);
          else output.line(`${name} sent for ${incidentId}`);
        }),
      );
  }
}

function showIncident(output: Output, incident: Incident): void {
  output.fields([
    ['incident', incident.incidentId],
    ['agent', incident.agentId],
    ['status', statusColour(incident.status)],
    ['severity', severityColour(incident.severity)],
    ['max score', incident.maxScore.toFixed(1)],
    ['kinds', incident.kinds.join(', ')],
    ['isolation', incident.isolation],
    ['owner', incident.owner || '-'],
    ['note', incident.note || '-'],
    ['opened', incident.openedAt],
    ['last anomaly', incident.lastAnomalyAt],
    [
      'version',
      `${incident.version} (${incident.change} by ${incident.changedBy} at ${incident.updatedAt})`,
    ],
  ]);
}
