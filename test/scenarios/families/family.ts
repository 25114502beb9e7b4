import type { AgentKind } from '../agent-kinds';
import type { AttackContext, PlannedAttack } from '../attacks/attack-context';
import type { Random } from '../random';
import type { Surge } from '../rhythm';
import type { ScenarioOptions } from '../scenario';
import type { VersionBump } from '../server-definitions';

/**
 * A fleet shape: which agents exist, which servers they call with which URIs, when they work, and which
 * attacks are planted. Every family produces the same `Scenario`, so evaluation and replay work unchanged.
 */
export interface Family {
  name: string;
  /**
   * A holdout family is for measuring only: detector changes must not be tuned on it, so it keeps telling
   * how Vigil does on a fleet nobody fitted it to.
   */
  holdout: boolean;
  /** What the family stresses, in one line (bench output and README). */
  stresses: string;
  kinds: readonly AgentKind[];
  /** Size, start and seed used by the bench. */
  defaults: ScenarioOptions;
  /** Each server's version at the start of the stream. */
  serverVersions: ReadonlyMap<string, string>;
  /** Routine releases: versions move, tool definitions do not. */
  versionBumps(startMs: number, spanMs: number): VersionBump[];
  /** A window in which one kind works harder (benign), if any. */
  surge?(startMs: number, endMs: number, days: number): Surge | undefined;
  /** One agent's activity relative to its kind's typical agent: how heavy the fleet's tail is. */
  agentRate?(random: Random): number;
  gateways?: readonly string[];
  planAttacks(ctx: AttackContext, options: ScenarioOptions): PlannedAttack[];
}

/** Servers and their first versions, from every kind's own server and every tool's. */
export function serverVersionsOf(
  kinds: readonly AgentKind[],
  versions: Readonly<Record<string, string>> = {},
): Map<string, string> {
  const map = new Map<string, string>();
  for (const kind of kinds) {
    map.set(kind.serverId, versions[kind.serverId] ?? kind.serverVersion);
    for (const tool of kind.tools) {
      if (tool.serverId) map.set(tool.serverId, versions[tool.serverId] ?? '1.0.0');
    }
  }
  return map;
}
