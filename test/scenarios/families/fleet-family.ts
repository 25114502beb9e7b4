import type { AgentKind } from '../agent-kinds';
import { planEveryVariant } from '../attacks/plan-attacks';
import { HOUR_MS } from '../rhythm';
import type { ScenarioOptions } from '../scenario';
import { serverVersionsOf, type Family } from './family';
import { paretoRate } from './id-shapes';

/** A fleet family described as data; `fleetFamily` turns it into a `Family`. */
export interface FleetSpec {
  name: string;
  holdout?: boolean;
  stresses: string;
  kinds: readonly AgentKind[];
  defaults: ScenarioOptions;
  /** First versions of servers no kind names as its own. */
  versions: Readonly<Record<string, string>>;
  /** Releases: [server, when as a share of the stream, new version]. */
  releases: ReadonlyArray<[string, number, string]>;
  /** One kind works `factor` times harder for `hours` from `atHour` hours into the stream. */
  surge?: { kind: string; atHour: number; hours: number; factor: number };
  /** Pareto shape of agent activity: lower is heavier-tailed. */
  tailAlpha: number;
  gateways: readonly string[];
}

/** The fleet families share their plan: every attack variant once, slow ones included. */
export function fleetFamily(spec: FleetSpec): Family {
  const { surge } = spec;
  return {
    name: spec.name,
    holdout: spec.holdout ?? false,
    stresses: spec.stresses,
    kinds: spec.kinds,
    defaults: spec.defaults,
    serverVersions: serverVersionsOf(spec.kinds, spec.versions),
    versionBumps: (startMs, spanMs) =>
      spec.releases.map(([serverId, share, version]) => ({
        serverId,
        atMs: Math.round(startMs + share * spanMs),
        version,
      })),
    surge: surge
      ? (startMs, endMs) => {
          const at = startMs + surge.atHour * HOUR_MS;
          const until = at + surge.hours * HOUR_MS;
          return until > endMs
            ? undefined
            : { kind: surge.kind, startMs: at, endMs: until, factor: surge.factor };
        }
      : undefined,
    agentRate: (r) => paretoRate(r, spec.tailAlpha, 25),
    gateways: spec.gateways,
    planAttacks: (ctx) => planEveryVariant(ctx),
  };
}
