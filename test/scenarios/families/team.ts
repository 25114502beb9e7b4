import { AGENT_KINDS } from '../agent-kinds';
import { planAttacks } from '../attacks/plan-attacks';
import { DAY_MS, HOUR_MS, type Surge } from '../rhythm';
import type { ScenarioOptions } from '../scenario';
import type { VersionBump } from '../server-definitions';
import type { Family } from './family';

/** Default size: three days from Thursday 2026-03-05 (two weekdays and a Saturday), 300 agents. */
export const DEFAULT_SCENARIO: ScenarioOptions = {
  seed: 20260305,
  startMs: Date.UTC(2026, 2, 5),
  days: 3,
  agentsPerKind: 75,
};

/**
 * The team's original generator: four kinds on one server each, an office day in UTC, a mild log-normal
 * spread of activity, four attacks of every kind in their burst shapes. Its stream is kept byte for byte.
 */
export const TEAM_FAMILY: Family = {
  name: 'team',
  holdout: false,
  stresses: 'the original four kinds (crm, ticketing, git, warehouse), burst attacks',
  kinds: AGENT_KINDS,
  defaults: DEFAULT_SCENARIO,
  serverVersions: new Map(AGENT_KINDS.map((kind) => [kind.serverId, kind.serverVersion])),
  versionBumps,
  surge: supportSurge,
  planAttacks: (ctx, options) => planAttacks(ctx, options.attacksPerKind ?? 4),
};

/** Support bots at 1.5x for three afternoon hours on the second day (an outage floods the help desk). */
function supportSurge(startMs: number, endMs: number, days: number): Surge | undefined {
  const surgeStart = startMs + (days >= 2 ? DAY_MS : 0) + 13 * HOUR_MS;
  if (surgeStart + 3 * HOUR_MS > endMs) return undefined;
  return { kind: 'support-bot', startMs: surgeStart, endMs: surgeStart + 3 * HOUR_MS, factor: 1.5 };
}

/** Routine releases: versions move, tool definitions do not. */
function versionBumps(startMs: number, spanMs: number): VersionBump[] {
  return [
    { serverId: 'crm-mcp', atMs: Math.round(startMs + 0.35 * spanMs), version: '3.3.0' },
    { serverId: 'git-mcp', atMs: Math.round(startMs + 0.55 * spanMs), version: '1.15.0' },
    { serverId: 'warehouse-mcp', atMs: Math.round(startMs + 0.7 * spanMs), version: '2.7.2' },
  ];
}
