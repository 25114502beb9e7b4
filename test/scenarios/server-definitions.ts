import { stableHash } from './stable-hash';

/** A release of an MCP server: its version string moves, its tool definitions stay the same. */
export interface VersionBump {
  serverId: string;
  atMs: number;
  version: string;
}

/** A server's definition of one tool changing from `fromMs` on (the "rug pull"). */
export interface DefinitionChange {
  serverId: string;
  toolName: string;
  fromMs: number;
  hash: string;
}

/** Hashes are asked for once per call; computing each once keeps generation fast. */
const hashCache = new Map<string, Map<string, Map<string, string>>>();

/** A sha256-looking hash of a tool definition; `revision` changes it, a server version does not. */
export function toolSchemaHash(serverId: string, toolName: string, revision = 'original'): string {
  let byTool = hashCache.get(serverId);
  if (!byTool) hashCache.set(serverId, (byTool = new Map()));
  let byRevision = byTool.get(toolName);
  if (!byRevision) byTool.set(toolName, (byRevision = new Map()));
  const known = byRevision.get(revision);
  if (known !== undefined) return known;
  let hex = '';
  for (let i = 0; hex.length < 64; i++) {
    hex += stableHash(`${serverId}/${toolName}/${revision}/${i}`).toString(16).padStart(8, '0');
  }
  byRevision.set(revision, `sha256:${hex}`);
  return `sha256:${hex}`;
}

export function serverVersionAt(
  serverId: string,
  baseVersion: string,
  timeMs: number,
  bumps: readonly VersionBump[],
): string {
  let version = baseVersion;
  for (const bump of bumps) {
    if (bump.serverId === serverId && bump.atMs <= timeMs) version = bump.version;
  }
  return version;
}

/** The definition change in force for a tool at a time, if its server changed it. */
export function definitionChangeAt(
  serverId: string,
  toolName: string,
  timeMs: number,
  changes: readonly DefinitionChange[],
): DefinitionChange | undefined {
  for (const change of changes) {
    if (change.serverId === serverId && change.toolName === toolName && timeMs >= change.fromMs) {
      return change;
    }
  }
  return undefined;
}
