import { onServer, read, tool, type AgentKind, type TaskFocus } from '../agent-kinds';
import type { Random } from '../random';
import { DAY_MS, HOUR_MS, nightlyBatch } from '../rhythm';
import type { Family } from './family';
import { fleetFamily } from './fleet-family';
import {
  growingNumber,
  isoDate,
  isoHour,
  podName,
  replicaSetName,
  rolloutAt,
  upperId,
} from './id-shapes';

/**
 * Ops and SRE agents on a Kubernetes MCP server, a GitHub-API-shaped server, object storage and a pager.
 * Every URI position that names a pod, a commit, an object or an incident keeps minting new ids as pods
 * roll out and restart, commits land and partitions fill: benign novelty the detectors must tolerate.
 */

const SERVICES = [
  'api',
  'checkout',
  'payments',
  'search',
  'web',
  'worker',
  'ledger',
  'notifier',
  'auth',
  'catalog',
  'pricing',
  'inventory',
];
const NAMESPACES = ['prod-1', 'prod-2', 'prod-3', 'prod-4', 'staging'];
const LOG_APPS = ['checkout', 'payments', 'web', 'api', 'search'];

/** An agent's services, `namespace/deployment`: ops engineers own a few services each. */
function services(r: Random): string[] {
  return r.sample(SERVICES, r.int(2, 4)).map((service) => `${r.pick(NAMESPACES)}/${service}`);
}

/** A date-partitioned log object of an hour shortly before `timeMs`. */
function logObject(r: Random, app: string, timeMs: number): string {
  const hourMs = timeMs - r.int(0, 3) * HOUR_MS;
  const part = String(r.int(0, 40)).padStart(5, '0');
  return `s3://logs-prod/app=${app}/dt=${isoDate(hourMs)}/hour=${isoHour(hourMs)}/part-${part}-${r.uuid()}.parquet`;
}

/** A task on one service: its namespace, deployment, a live pod, and fresh leaf ids. */
function serviceFocus(r: Random, owned: readonly string[], timeMs: number): TaskFocus {
  const [namespace = 'prod-1', deployment = 'api'] = r.pick(owned).split('/');
  const rollout = rolloutAt(deployment, timeMs);
  // Most reads are of the live rollout; some of the one before (a crash loop being compared).
  const generation = r.chance(0.85) ? rollout : rollout - 1;
  // A third of the pods looked at were scaled out or rescheduled within the hour: names no one saw before.
  const replica = r.chance(0.67)
    ? r.int(0, 5)
    : 6 + (Math.floor(timeMs / HOUR_MS) % 5000) * 4 + r.int(0, 3);
  return {
    primary: namespace,
    secondary: deployment,
    tertiary: podName(deployment, generation, replica),
    ids: {
      sha: r.hex(40),
      replicaSet: replicaSetName(deployment, rollout),
      pull: String(growingNumber(r, timeMs, 4200, 35, 60)),
      object: logObject(r, deployment, timeMs),
      incident: `Q${upperId(r, 13)}`,
    },
  };
}

const ns = (f: TaskFocus) => `k8s://ns/${f.primary}`;
const pod = (f: TaskFocus) => `${ns(f)}/pods/${f.tertiary ?? ''}`;
const repo = (f: TaskFocus) => `github://repos/acme/${f.secondary}`;
const id = (f: TaskFocus, name: string) => f.ids?.[name] ?? '';

const sreAgent: AgentKind = {
  name: 'sre-agent',
  serverId: 'k8s-mcp',
  serverVersion: '0.9.4',
  scopes: ['k8s.read', 'repo.read', 's3.read'],
  eventsPerWeekday: 170,
  meanCallsPerTask: 6,
  nightLevel: 0.06,
  workingSet: services,
  focus: serviceFocus,
  tools: [
    tool('get_pod_logs', 0.26, 38_000, 1.2, 450, (f) => `${pod(f)}/logs`),
    tool('list_pods', 0.14, 6_500, 0.4, 180, (f) => `${ns(f)}/pods`),
    tool('describe_deployment', 0.12, 9_000, 0.4, 150, (f) => {
      return `${ns(f)}/deployments/${f.secondary}`;
    }),
    tool('get_events', 0.12, 14_000, 0.7, 220, (f) => `${ns(f)}/events`),
    read(0.1, 5_500, 0.4, 90, pod),
    onServer(
      'github-mcp',
      tool('get_commit', 0.13, 11_000, 0.8, 300, (f) => `${repo(f)}/commits/${id(f, 'sha')}`),
    ),
    onServer(
      's3-mcp',
      tool('get_object', 0.13, 220_000, 0.9, 700, (f) => id(f, 'object')),
    ),
  ],
  // Secrets sit next to the pods the agent reads every day: one segment over, never touched.
  sensitive: {
    serverId: 'k8s-mcp',
    method: 'resources/read',
    uris: ['k8s://ns/prod-3/secrets/payments-db-credentials', 'k8s://ns/kube-system/secrets/admin'],
  },
};

const deployBot: AgentKind = {
  name: 'deploy-bot',
  serverId: 'github-mcp',
  serverVersion: '2.4.0',
  scopes: ['repo.read', 'repo.statuses', 'k8s.deploy'],
  eventsPerWeekday: 220,
  meanCallsPerTask: 5,
  nightLevel: 0.04,
  thinkMs: 1_200,
  share: 0.3,
  workingSet: services,
  focus: serviceFocus,
  tools: [
    tool('get_pull_request_files', 0.24, 16_000, 0.9, 350, (f) => {
      return `${repo(f)}/pulls/${id(f, 'pull')}/files`;
    }),
    tool('get_commit', 0.18, 11_000, 0.8, 300, (f) => `${repo(f)}/commits/${id(f, 'sha')}`),
    tool('list_check_runs', 0.18, 7_000, 0.5, 250, (f) => {
      return `${repo(f)}/commits/${id(f, 'sha')}/check-runs`;
    }),
    onServer(
      'k8s-mcp',
      tool('rollout_status', 0.22, 2_500, 0.4, 120, (f) => {
        return `${ns(f)}/deployments/${f.secondary}/rollout`;
      }),
    ),
    onServer(
      'k8s-mcp',
      tool('get_replicaset', 0.18, 4_000, 0.4, 110, (f) => {
        return `${ns(f)}/replicasets/${id(f, 'replicaSet')}`;
      }),
    ),
  ],
  sensitive: {
    serverId: 'github-mcp',
    method: 'tools/call',
    toolName: 'get_commit',
    uris: ['github://orgs/acme/actions/secrets', 'github://orgs/acme/actions/secrets/DEPLOY_KEY'],
  },
};

const oncallTriage: AgentKind = {
  name: 'oncall-triage',
  serverId: 'pagerduty-mcp',
  serverVersion: '1.3.1',
  scopes: ['incidents.read', 'incidents.ack', 'k8s.read'],
  eventsPerWeekday: 140,
  meanCallsPerTask: 5,
  // Pages come at any hour.
  nightLevel: 0.3,
  share: 0.3,
  workingSet: services,
  focus: serviceFocus,
  tools: [
    tool(
      'get_incident',
      0.25,
      3_500,
      0.5,
      150,
      (f) => `pagerduty://incidents/${id(f, 'incident')}`,
    ),
    tool('list_alerts', 0.15, 9_000, 0.6, 200, (f) => {
      return `pagerduty://incidents/${id(f, 'incident')}/alerts`;
    }),
    onServer(
      'k8s-mcp',
      tool('get_events', 0.25, 14_000, 0.7, 220, (f) => `${ns(f)}/events`),
    ),
    onServer(
      'k8s-mcp',
      tool('get_pod_logs', 0.35, 38_000, 1.2, 450, (f) => `${pod(f)}/logs`),
    ),
  ],
};

/** The log compactor: every night at 02:00 it reads yesterday's hourly parts and writes one file a day. */
const logCompactor: AgentKind = {
  name: 'log-compactor',
  serverId: 's3-mcp',
  serverVersion: '1.1.0',
  scopes: ['s3.read', 's3.write'],
  eventsPerWeekday: 1_800,
  meanCallsPerTask: 60,
  nightLevel: 0,
  thinkMs: 250,
  share: 0.02,
  batch: true,
  rhythm: nightlyBatch(),
  workingSet: () => LOG_APPS,
  focus: (r, apps, timeMs) => {
    const app = r.pick(apps);
    const yesterday = timeMs - DAY_MS;
    return {
      primary: app,
      secondary: isoDate(yesterday),
      ids: { object: logObject(r, app, yesterday), archive: r.uuid() },
    };
  },
  tools: [
    tool('list_objects', 0.15, 24_000, 0.3, 200, (f) => {
      return `s3://logs-prod/app=${f.primary}/dt=${f.secondary}/`;
    }),
    tool('get_object', 0.6, 2_400_000, 0.5, 900, (f) => id(f, 'object')),
    tool('put_object', 0.25, 400, 0.2, 1_500, (f) => {
      return `s3://logs-archive/app=${f.primary}/dt=${f.secondary}/compacted-${id(f, 'archive')}.parquet`;
    }),
  ],
};

const KINDS: readonly AgentKind[] = [sreAgent, deployBot, oncallTriage, logCompactor];

export const PLATFORM_OPS_FAMILY: Family = fleetFamily({
  name: 'platform-ops',
  stresses:
    'k8s pod names with rollout hashes, commit SHAs, date-partitioned objects; 4 servers per kind; 02:00 compactor; on-call nights',
  kinds: KINDS,
  defaults: { seed: 4242, startMs: Date.UTC(2026, 2, 5), days: 7, agentsPerKind: 80 },
  versions: { 'github-mcp': '2.4.0', 's3-mcp': '1.1.0' },
  releases: [
    ['k8s-mcp', 0.3, '0.10.0'],
    ['github-mcp', 0.6, '2.5.0'],
  ],
  // Three hours of an incident on the fourth night: on-call agents work twice as hard.
  surge: { kind: 'oncall-triage', atHour: 3 * 24 + 20, hours: 3, factor: 2 },
  tailAlpha: 1.5,
  gateways: ['gw-ops-eu-1', 'gw-ops-us-1'],
});
