import type { Random } from './random';
import type { Rhythm } from './rhythm';

/** What one task is about: the ids its calls share (an account, a ticket, a file, a table). */
export interface TaskFocus {
  primary: string;
  secondary: string;
  /** A third id for families whose URIs nest deeper (a pod under a deployment under a namespace). */
  tertiary?: string;
  /** Further ids, by name, that deep URIs need (a commit SHA, an object key, a message id). */
  ids?: Readonly<Record<string, string>>;
}

export interface ToolProfile {
  method: 'tools/call' | 'resources/read';
  /** Set for `tools/call`. */
  toolName?: string;
  /** Relative share of calls; kept above ~0.08 so every agent uses every tool on its first day. */
  weight: number;
  medianBytes: number;
  /** Log-normal spread of response sizes. */
  sigma: number;
  medianMs: number;
  uri: (focus: TaskFocus) => string | undefined;
  /** The server this tool lives on when it is not the kind's own (ops agents use several servers). */
  serverId?: string;
}

/** Resources on a server the agent already uses that it never touches: a sensitive branch. */
export interface SensitiveBranch {
  serverId: string;
  method: 'tools/call' | 'resources/read';
  toolName?: string;
  uris: readonly string[];
}

export interface AgentKind {
  name: string;
  serverId: string;
  serverVersion: string;
  scopes: string[];
  /** Mean calls per agent on a weekday at rate 1. */
  eventsPerWeekday: number;
  meanCallsPerTask: number;
  /** Night-time activity relative to the busiest hour (support bots serve customers around the clock). */
  nightLevel: number;
  tools: ToolProfile[];
  /** The agent's stable working set: its repositories or warehouse tables. */
  workingSet: (random: Random) => string[];
  /** `timeMs` lets a working set grow: new files, restarted pods, new date partitions. */
  focus: (random: Random, workingSet: readonly string[], timeMs: number) => TaskFocus;
  /** When the kind works; the office day in UTC when absent. */
  rhythm?: Rhythm;
  /** Median pause between the calls of a task (the model thinking); 3 s when absent. */
  thinkMs?: number;
  /** Agents of this kind relative to `agentsPerKind`; 1 when absent. */
  share?: number;
  /**
   * A sanctioned batch job: one steady service account, the same size every night, and never picked
   * as an attacker, since its bursts are the benign pattern the detectors must learn.
   */
  batch?: boolean;
  /** A branch of one of the kind's own servers it never touches (the `new-branch` attack). */
  sensitive?: SensitiveBranch;
}

const TABLE_DOMAINS = [
  'sales',
  'orders',
  'churn',
  'revenue',
  'inventory',
  'web_sessions',
  'marketing_spend',
  'support_volume',
];
const TABLE_MONTHS = ['2025_12', '2026_01', '2026_02', '2026_03'];

const salesAssistant: AgentKind = {
  name: 'sales-assistant',
  serverId: 'crm-mcp',
  serverVersion: '3.2.0',
  scopes: ['crm.accounts.read', 'crm.opportunities.write'],
  eventsPerWeekday: 240,
  meanCallsPerTask: 4,
  nightLevel: 0.03,
  workingSet: () => [],
  // Salesforce-style ids always start with a numeric key prefix, so they read as ids.
  focus: (r) => ({ primary: `001${r.base62(12)}`, secondary: `006${r.base62(12)}` }),
  tools: [
    tool('get_account', 0.35, 4500, 0.5, 120, (f) => `crm://accounts/${f.primary}`),
    tool('search_accounts', 0.25, 22000, 0.8, 350, () => undefined),
    tool('update_opportunity', 0.15, 700, 0.3, 200, (f) => `crm://opportunities/${f.secondary}`),
    read(0.25, 9000, 0.7, 90, (f) => `crm://accounts/${f.primary}/activity`),
  ],
};

const supportBot: AgentKind = {
  name: 'support-bot',
  serverId: 'ticketing-mcp',
  serverVersion: '5.0.3',
  scopes: ['tickets.read', 'tickets.comment'],
  eventsPerWeekday: 320,
  meanCallsPerTask: 5,
  nightLevel: 0.15,
  workingSet: () => [],
  focus: (r) => ({ primary: `T-${r.int(10000, 99999)}`, secondary: `C-${r.int(100000, 999999)}` }),
  tools: [
    tool('get_ticket', 0.33, 6000, 0.6, 110, (f) => `ticket://${f.primary}`),
    tool('search_tickets', 0.2, 25000, 0.8, 400, () => undefined),
    tool('add_comment', 0.2, 450, 0.3, 180, (f) => `ticket://${f.primary}/comments`),
    tool('get_customer', 0.15, 3000, 0.5, 90, (f) => `ticket://customers/${f.secondary}`),
    read(
      0.12,
      60000,
      1.0,
      150,
      (f) => `ticket://${f.primary}/attachments/att-${f.secondary.slice(-1)}`,
    ),
  ],
};

const codingAgent: AgentKind = {
  name: 'coding-agent',
  serverId: 'git-mcp',
  serverVersion: '1.14.2',
  scopes: ['repo.read', 'repo.pull_requests'],
  eventsPerWeekday: 380,
  meanCallsPerTask: 8,
  nightLevel: 0.05,
  workingSet: (r) => r.sample(range(1, 40), r.int(2, 3)).map((n) => `repo-${n}`),
  focus: (r, repos) => ({ primary: r.pick(repos), secondary: `${r.int(1, 250)}` }),
  tools: [
    tool('read_file', 0.4, 7000, 1.0, 60, (f) => `${repo(f)}/blob/src/file-${f.secondary}.ts`),
    tool('search_code', 0.25, 18000, 0.8, 300, (f) => repo(f)),
    tool('list_commits', 0.15, 12000, 0.6, 200, (f) => `${repo(f)}/commits`),
    tool('create_pull_request', 0.08, 2500, 0.4, 900, (f) => `${repo(f)}/pulls`),
    read(0.12, 5000, 0.7, 50, (f) => `${repo(f)}/blob/docs/page-${f.secondary}.md`),
  ],
};

const dataAnalyst: AgentKind = {
  name: 'data-analyst',
  serverId: 'warehouse-mcp',
  serverVersion: '2.7.1',
  scopes: ['warehouse.query'],
  eventsPerWeekday: 200,
  meanCallsPerTask: 4,
  nightLevel: 0.03,
  workingSet: (r) => r.sample(TABLE_DOMAINS, r.int(2, 4)),
  focus: (r, domains) => ({ primary: `${r.pick(domains)}_${r.pick(TABLE_MONTHS)}`, secondary: '' }),
  tools: [
    tool('run_query', 0.4, 90000, 1.1, 1800, (f) => `warehouse://tables/${f.primary}`),
    tool('describe_table', 0.25, 3500, 0.4, 80, (f) => `warehouse://tables/${f.primary}`),
    tool('list_tables', 0.15, 6000, 0.3, 120, () => undefined),
    read(0.2, 40000, 0.8, 400, (f) => `warehouse://tables/${f.primary}/sample`),
  ],
};

export const AGENT_KINDS: readonly AgentKind[] = [
  salesAssistant,
  supportBot,
  codingAgent,
  dataAnalyst,
];

export function tool(
  toolName: string,
  weight: number,
  medianBytes: number,
  sigma: number,
  medianMs: number,
  uri: ToolProfile['uri'],
): ToolProfile {
  return { method: 'tools/call', toolName, weight, medianBytes, sigma, medianMs, uri };
}

export function read(
  weight: number,
  medianBytes: number,
  sigma: number,
  medianMs: number,
  uri: ToolProfile['uri'],
): ToolProfile {
  return { method: 'resources/read', weight, medianBytes, sigma, medianMs, uri };
}

function repo(focus: TaskFocus): string {
  return `git://repos/org/${focus.primary}`;
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** A tool profile that lives on another server than its kind's own. */
export function onServer(serverId: string, profile: ToolProfile): ToolProfile {
  return { ...profile, serverId };
}
