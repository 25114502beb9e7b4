import { onServer, read, tool, type AgentKind, type TaskFocus } from '../agent-kinds';
import type { Random } from '../random';
import { nightlyBatch } from '../rhythm';
import { stableHash } from '../stable-hash';
import type { Family } from './family';
import { fleetFamily } from './fleet-family';
import { dayNumber, growingNumber } from './id-shapes';

/**
 * Coding agents whose working set grows every day (new components, tests, generated files), CI runners
 * whose run and job ids count upward, a nightly build and a dependency bot. The file tree is the same for
 * every agent on a repository, and a file is new only on the day it is created.
 */

const REPOS = Array.from({ length: 24 }, (_, i) =>
  ['checkout', 'web', 'payments', 'search', 'mobile', 'infra', 'design-system', 'api'][
    i % 8
  ]!.concat(i < 8 ? '' : `-${Math.floor(i / 8) + 1}`),
);
const NOUNS = ['Cart', 'Payment', 'Order', 'User', 'Search', 'Price', 'Address', 'Coupon', 'Stock'];
const PARTS = ['Item', 'Form', 'List', 'Summary', 'Button', 'Modal', 'Card', 'Panel', 'Header'];
const PACKAGES = ['react', 'zod', 'vitest', 'typescript', 'eslint', 'pino', 'kafkajs', 'undici'];
const SRC = 'file:///home/dev/src/acme';

/** The `index`-th file ever created in a repository: components, their tests, generated code. */
function filePath(repo: string, index: number): string {
  const h = stableHash(`${repo}#${index}`);
  const name = `${NOUNS[h % NOUNS.length]}${PARTS[(h >>> 8) % PARTS.length]}`;
  const suffix = index < 81 ? '' : String(index);
  switch ((h >>> 16) % 6) {
    case 0:
      return `src/components/__tests__/${name}${suffix}.test.tsx`;
    case 1:
      return `src/generated/graphql/${name.toLowerCase()}${suffix}.generated.ts`;
    case 2:
      return `src/features/${NOUNS[(h >>> 20) % NOUNS.length]!.toLowerCase()}/${name}${suffix}.ts`;
    default:
      return `src/components/${name}${suffix}.tsx`;
  }
}

/**
 * A file of the repository as it is on that day: a few hundred files at the start and 5-30 new ones a
 * day, with work biased to the newest.
 */
function fileOn(r: Random, repo: string, timeMs: number): string {
  const h = stableHash(repo);
  const count = 150 + (h % 400) + dayNumber(timeMs) * (5 + (h % 26));
  if (r.chance(0.05)) return 'package-lock.json';
  return filePath(repo, count - 1 - Math.floor(count * r.float() ** 3));
}

function codeFocus(r: Random, repos: readonly string[], timeMs: number): TaskFocus {
  const repo = r.pick(repos);
  return {
    primary: repo,
    secondary: fileOn(r, repo, timeMs),
    tertiary: fileOn(r, repo, timeMs),
    ids: {
      run: String(growingNumber(r, timeMs, 8_100_000_000, 2_400, 400)),
      job: String(growingNumber(r, timeMs, 22_000_000_000, 9_000, 1_500)),
      pkg: r.pick(PACKAGES),
      version: `${r.int(1, 9)}.${r.int(0, 30)}.${r.int(0, 20)}`,
    },
  };
}

const file = (f: TaskFocus, path = f.secondary) => `${SRC}/${f.primary}/${path}`;
const id = (f: TaskFocus, name: string) => f.ids?.[name] ?? '';
const run = (f: TaskFocus) => `ci://acme/${f.primary}/actions/runs/${id(f, 'run')}`;

const codingAgent: AgentKind = {
  name: 'coding-agent',
  serverId: 'fs-mcp',
  serverVersion: '0.6.2',
  scopes: ['fs.read', 'fs.write', 'git.read'],
  eventsPerWeekday: 260,
  meanCallsPerTask: 9,
  nightLevel: 0.04,
  workingSet: (r) => r.sample(REPOS, r.int(1, 3)),
  focus: codeFocus,
  tools: [
    tool('read_file', 0.34, 6_500, 1.0, 40, (f) => file(f)),
    tool('write_file', 0.14, 300, 0.3, 60, (f) => file(f, f.tertiary)),
    tool('search_files', 0.16, 14_000, 0.8, 250, (f) => `${SRC}/${f.primary}`),
    read(0.1, 4_000, 0.7, 30, (f) => file(f, f.tertiary)),
    onServer(
      'git-mcp',
      tool('git_diff', 0.14, 9_000, 0.9, 120, (f) => `git://acme/${f.primary}/diff`),
    ),
    onServer(
      'git-mcp',
      tool('git_log', 0.12, 5_000, 0.5, 90, (f) => `git://acme/${f.primary}/log`),
    ),
  ],
  // The developer's own credentials sit on the same file server, outside every repository.
  sensitive: {
    serverId: 'fs-mcp',
    method: 'tools/call',
    toolName: 'read_file',
    uris: ['file:///home/dev/.ssh/id_ed25519', 'file:///home/dev/.aws/credentials'],
  },
};

const ciRunner: AgentKind = {
  name: 'ci-runner',
  serverId: 'ci-mcp',
  serverVersion: '3.8.0',
  scopes: ['ci.read', 'artifacts.read'],
  eventsPerWeekday: 200,
  meanCallsPerTask: 6,
  nightLevel: 0.05,
  thinkMs: 600,
  share: 0.4,
  workingSet: (r) => r.sample(REPOS, r.int(2, 5)),
  focus: codeFocus,
  tools: [
    tool('get_run', 0.3, 3_000, 0.4, 90, run),
    tool('get_job_logs', 0.35, 60_000, 1.1, 400, (f) => `${run(f)}/jobs/${id(f, 'job')}/logs`),
    tool('download_artifact', 0.15, 900_000, 0.8, 1_500, (f) => `${run(f)}/artifacts/coverage`),
    tool('rerun_job', 0.2, 400, 0.2, 200, (f) => `${run(f)}/jobs/${id(f, 'job')}/rerun`),
  ],
  sensitive: {
    serverId: 'ci-mcp',
    method: 'tools/call',
    toolName: 'get_run',
    uris: ['ci://acme/secrets/NPM_TOKEN', 'ci://acme/secrets/PROD_DEPLOY_KEY'],
  },
};

const dependencyBot: AgentKind = {
  name: 'dependency-bot',
  serverId: 'npm-mcp',
  serverVersion: '1.0.4',
  scopes: ['registry.read', 'fs.read'],
  eventsPerWeekday: 120,
  meanCallsPerTask: 5,
  nightLevel: 0.02,
  share: 0.15,
  workingSet: (r) => r.sample(REPOS, r.int(3, 8)),
  focus: codeFocus,
  tools: [
    tool('get_package', 0.4, 35_000, 0.9, 300, (f) => `npm://registry/${id(f, 'pkg')}`),
    tool('get_tarball', 0.2, 400_000, 0.7, 800, (f) => {
      return `npm://registry/${id(f, 'pkg')}/-/${id(f, 'pkg')}-${id(f, 'version')}.tgz`;
    }),
    onServer(
      'fs-mcp',
      tool('read_file', 0.4, 250_000, 0.4, 60, (f) => file(f, 'package-lock.json')),
    ),
  ],
};

/** The nightly build: at 02:00 it reads every repository's newest files and pulls CI artifacts. */
const nightlyBuild: AgentKind = {
  name: 'nightly-build',
  serverId: 'fs-mcp',
  serverVersion: '0.6.2',
  scopes: ['fs.read', 'ci.read'],
  eventsPerWeekday: 2_200,
  meanCallsPerTask: 80,
  nightLevel: 0,
  thinkMs: 150,
  share: 0.02,
  batch: true,
  rhythm: nightlyBatch(),
  workingSet: () => REPOS,
  focus: codeFocus,
  tools: [
    tool('read_file', 0.7, 6_500, 1.0, 40, (f) => file(f)),
    onServer(
      'ci-mcp',
      tool('download_artifact', 0.3, 900_000, 0.8, 1_500, (f) => {
        return `${run(f)}/artifacts/build`;
      }),
    ),
  ],
};

const KINDS: readonly AgentKind[] = [codingAgent, ciRunner, dependencyBot, nightlyBuild];

export const CODING_FLEET_FAMILY: Family = fleetFamily({
  name: 'coding-fleet',
  stresses:
    'file trees that grow every day (tests, generated code, lockfiles), upward CI run/job ids; 15% onboard mid-stream; 02:00 build',
  kinds: KINDS,
  defaults: {
    seed: 31337,
    startMs: Date.UTC(2026, 2, 6),
    days: 7,
    agentsPerKind: 100,
    newAgentFraction: 0.15,
  },
  versions: { 'git-mcp': '1.14.2' },
  releases: [
    ['fs-mcp', 0.5, '0.7.0'],
    ['ci-mcp', 0.8, '3.9.0'],
  ],
  tailAlpha: 1.35,
  gateways: ['gw-dev-eu-1', 'gw-dev-us-1', 'gw-dev-ap-1'],
});
