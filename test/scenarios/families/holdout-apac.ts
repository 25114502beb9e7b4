import { onServer, tool, type AgentKind, type TaskFocus } from '../agent-kinds';
import type { Random } from '../random';
import { DAY_MS, nightlyBatch, officeHoursAt, type Rhythm } from '../rhythm';
import type { Family } from './family';
import { fleetFamily } from './fleet-family';
import { growingNumber } from './id-shapes';

/**
 * HOLDOUT. A mixed fleet in Tokyo (UTC+9) on servers no other family uses: a wiki, a drive, chat and a
 * warehouse with daily table partitions, an hourly ETL job and a nightly report at 02:00 local time
 * (17:00 UTC). Detector changes must never be tuned on this family: it exists to tell whether a change
 * generalises to a fleet nobody fitted Vigil to, the way the labelled stream from outside did.
 */

const TOKYO = 9;
/** Quieter weekends than the other families: hardly anyone works. */
const OFFICE: Rhythm = officeHoursAt(TOKYO, 0.15);
/** An ETL job that runs every hour of every day. */
const HOURLY: Rhythm = {
  profile: new Array<number>(24).fill(1),
  weekendFactor: 1,
  utcOffsetHours: TOKYO,
};

const SPACES = ['ENG', 'SRE', 'SALES', 'HR', 'FIN', 'PM'];
const DATASETS = ['events', 'billing', 'marketing', 'product'];
const TABLES = ['sessions', 'orders', 'clicks', 'invoices', 'signups', 'churn'];

/** `20260305`: a BigQuery partition decorator of the local (Tokyo) day. */
function partition(timeMs: number): string {
  return new Date(timeMs + TOKYO * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
}

function focus(r: Random, owned: readonly string[], timeMs: number): TaskFocus {
  const seconds = Math.floor(timeMs / 1000) + r.int(0, 3599);
  return {
    primary: r.pick(owned),
    secondary: String(growingNumber(r, timeMs, 301_000_000, 300, 6_000)),
    ids: {
      file: `1${r.base62(32)}`,
      channel: `C0${r.pick(['4QJ7N2KD', '5B8ZR1XP', '6HT3MW9Q', '3LKD0A2V'])}`,
      ts: `${seconds}.${String(r.int(0, 999_999)).padStart(6, '0')}`,
      day: partition(timeMs - (r.chance(0.7) ? 0 : r.int(1, 30)) * DAY_MS),
    },
  };
}

const id = (f: TaskFocus, name: string) => f.ids?.[name] ?? '';
const table = (f: TaskFocus) => `bq://acme-analytics/${f.primary}$${id(f, 'day')}`;

const knowledgeAssistant: AgentKind = {
  name: 'knowledge-assistant',
  serverId: 'confluence-mcp',
  serverVersion: '8.5.3',
  scopes: ['wiki.read', 'drive.read'],
  eventsPerWeekday: 150,
  meanCallsPerTask: 4,
  nightLevel: 0.02,
  rhythm: OFFICE,
  workingSet: (r) => r.sample(SPACES, r.int(1, 3)),
  focus,
  tools: [
    tool(
      'get_page',
      0.35,
      12_000,
      0.8,
      200,
      (f) => `confluence://spaces/${f.primary}/pages/${f.secondary}`,
    ),
    tool('search', 0.2, 20_000, 0.7, 450, (f) => `confluence://spaces/${f.primary}`),
    onServer(
      'gdrive-mcp',
      tool('get_file', 0.3, 80_000, 1.2, 600, (f) => `gdrive://files/${id(f, 'file')}`),
    ),
    onServer(
      'gdrive-mcp',
      tool('list_files', 0.15, 9_000, 0.5, 300, () => 'gdrive://files'),
    ),
  ],
  sensitive: {
    serverId: 'gdrive-mcp',
    method: 'tools/call',
    toolName: 'get_file',
    uris: [
      'gdrive://shared-drives/finance-restricted/files',
      'gdrive://shared-drives/hr-payroll/files',
    ],
  },
};

const chatopsBot: AgentKind = {
  name: 'chatops-bot',
  serverId: 'slack-mcp',
  serverVersion: '2.0.1',
  scopes: ['chat.read', 'chat.write'],
  eventsPerWeekday: 260,
  meanCallsPerTask: 3,
  // Alerts are answered at any hour.
  nightLevel: 0.25,
  share: 0.4,
  thinkMs: 1_500,
  rhythm: OFFICE,
  workingSet: () => ['#incidents', '#deploys'],
  focus,
  tools: [
    tool('get_thread', 0.4, 6_000, 0.7, 150, (f) => {
      return `slack://channels/${id(f, 'channel')}/messages/${id(f, 'ts')}`;
    }),
    tool(
      'post_message',
      0.35,
      350,
      0.2,
      120,
      (f) => `slack://channels/${id(f, 'channel')}/messages`,
    ),
    tool('list_channels', 0.25, 4_000, 0.3, 100, () => 'slack://channels'),
  ],
};

const analyticsAgent: AgentKind = {
  name: 'analytics-agent',
  serverId: 'bigquery-mcp',
  serverVersion: '1.9.0',
  scopes: ['bq.query'],
  eventsPerWeekday: 150,
  meanCallsPerTask: 5,
  nightLevel: 0.02,
  share: 0.6,
  rhythm: OFFICE,
  workingSet: (r) => r.sample(DATASETS, r.int(1, 2)).map((d) => `${d}.${r.pick(TABLES)}`),
  focus,
  tools: [
    tool('run_query', 0.45, 120_000, 1.3, 2_500, table),
    tool('get_table', 0.3, 3_000, 0.4, 100, table),
    tool('list_tables', 0.25, 5_000, 0.3, 120, () => 'bq://acme-analytics'),
  ],
};

/** The hourly ETL: every hour, night and weekend alike, it copies new partitions and files. */
const etlHourly: AgentKind = {
  name: 'etl-hourly',
  serverId: 'bigquery-mcp',
  serverVersion: '1.9.0',
  scopes: ['bq.query', 'bq.write', 'drive.read'],
  eventsPerWeekday: 1_200,
  meanCallsPerTask: 25,
  nightLevel: 0,
  thinkMs: 200,
  share: 0.03,
  batch: true,
  rhythm: HOURLY,
  workingSet: () => DATASETS.map((d) => `${d}.${TABLES[0]}`),
  focus,
  tools: [
    tool('run_query', 0.6, 40_000, 0.6, 1_500, table),
    onServer(
      'gdrive-mcp',
      tool('get_file', 0.4, 80_000, 0.8, 600, (f) => `gdrive://files/${id(f, 'file')}`),
    ),
  ],
};

/** The nightly report: 02:00 in Tokyo, one big run of queries. */
const nightlyReport: AgentKind = {
  ...etlHourly,
  name: 'nightly-report',
  eventsPerWeekday: 900,
  meanCallsPerTask: 50,
  rhythm: nightlyBatch(TOKYO),
  share: 0.02,
  tools: [
    tool('run_query', 0.8, 250_000, 0.7, 3_000, table),
    tool('list_tables', 0.2, 5_000, 0.3, 120, () => 'bq://acme-analytics'),
  ],
};

const KINDS: readonly AgentKind[] = [
  knowledgeAssistant,
  chatopsBot,
  analyticsAgent,
  etlHourly,
  nightlyReport,
];

export const HOLDOUT_APAC_FAMILY: Family = fleetFamily({
  name: 'holdout-apac',
  holdout: true,
  stresses:
    'UTC+9 rhythm, wiki/drive/chat/warehouse servers, daily table partitions, hourly ETL + 02:00 JST report; never tune on it',
  kinds: KINDS,
  // Monday 00:00 in Tokyo, for eight days.
  defaults: {
    seed: 90210,
    startMs: Date.UTC(2026, 2, 8, 15),
    days: 8,
    agentsPerKind: 70,
    newAgentFraction: 0.08,
  },
  versions: { 'gdrive-mcp': '3.1.0' },
  releases: [
    ['bigquery-mcp', 0.4, '1.10.0'],
    ['slack-mcp', 0.75, '2.1.0'],
  ],
  tailAlpha: 1.3,
  gateways: ['gw-ap-northeast-1', 'gw-ap-northeast-3'],
});
