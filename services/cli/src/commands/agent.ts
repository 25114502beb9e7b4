import { agentHours, agentKnownGround, type AgentHour } from '@vigil/queries';
import type { Command } from 'commander';
import { colours } from '../output';
import { CliError, type Run } from '../run';

type Measure = 'calls' | 'bytes' | 'users' | 'resource_shapes' | 'errors';
const MEASURES: Measure[] = ['calls', 'bytes', 'users', 'resource_shapes', 'errors'];

/** The middle of the agent's earlier hours: what it usually does in an hour. */
function usual(hours: readonly AgentHour[], measure: Measure): number {
  const sorted = hours.map((h) => h[measure]).sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : (sorted[Math.floor(sorted.length / 2)] ?? 0);
}

export function registerAgent(program: Command, run: Run): void {
  program
    .command('agent <agentId>')
    .description(
      'recent hours against the agent’s usual hour, and the servers, tools and resources it knows',
    )
    .option('--recent <hours>', 'hours shown as recent', '6')
    .option('--baseline <hours>', 'hours before them that make the usual', '168')
    .action((agentId: string, options: { recent: string; baseline: string }) =>
      run(async ({ connections, output }) => {
        const recentCount = Number(options.recent);
        const all = await agentHours(
          connections.read,
          connections.database,
          agentId,
          recentCount + Number(options.baseline),
        );
        if (all.length === 0) throw new CliError(`no calls stored for agent ${agentId}`);
        const latest = Date.parse(`${all.at(-1)?.hour.replace(' ', 'T')}Z`);
        const isRecent = (h: AgentHour) =>
          Date.parse(`${h.hour.replace(' ', 'T')}Z`) > latest - recentCount * 3_600_000;
        const recent = all.filter(isRecent);
        const baseline = all.filter((h) => !isRecent(h));
        const usualHour = Object.fromEntries(
          MEASURES.map((m) => [m, usual(baseline, m)]),
        ) as Record<Measure, number>;
        const known = await agentKnownGround(connections.read, connections.database, agentId);
        if (output.json)
          return output.data({ agentId, usualHour, baselineHours: baseline.length, recent, known });

        output.line(
          `agent ${agentId}: usual hour from ${baseline.length} earlier hours with calls`,
        );
        output.fields(MEASURES.map((m) => [m.replace('_', ' '), usualHour[m]]));
        output.heading('recent hours (× the usual hour)');
        const against = (h: AgentHour, m: Measure) => {
          const ratio = usualHour[m] > 0 ? h[m] / usualHour[m] : undefined;
          const text = ratio === undefined ? String(h[m]) : `${h[m]} (${ratio.toFixed(1)}×)`;
          return ratio !== undefined && ratio >= 5 ? colours.red(text) : text;
        };
        output.table(recent, [
          { header: 'hour', value: (h) => h.hour },
          ...MEASURES.map((m) => ({
            header: m.replace('_', ' '),
            value: (h: AgentHour) => against(h, m),
          })),
          { header: 'anomalies', value: (h) => h.anomalies },
        ]);
        output.heading('known ground (most used first)');
        output.table(known, [
          { header: 'kind', value: (k) => k.kind },
          { header: 'name', value: (k) => k.name },
          { header: 'calls', value: (k) => k.calls },
          { header: 'first seen', value: (k) => k.first_seen },
          { header: 'last seen', value: (k) => k.last_seen },
        ]);
      }),
    );
}
