import { onServer, read, tool, type AgentKind, type TaskFocus } from '../agent-kinds';
import type { Random } from '../random';
import { nightlyBatch } from '../rhythm';
import type { Family } from './family';
import { fleetFamily } from './fleet-family';
import { growingNumber, stripeId, ulid } from './id-shapes';

/**
 * Support and billing agents on Stripe-style REST ids, mailboxes, Zendesk and Jira. Tickets and issues
 * are numbered upward every hour, customers and charges are base62 ids, messages are ULIDs: almost every
 * call names something no agent touched before, under a handful of stable URI shapes.
 */

const FIRST = ['jane', 'john', 'maria', 'wei', 'amir', 'sofia', 'lucas', 'aiko', 'omar', 'eva'];
const LAST = ['doe', 'smith', 'garcia', 'chen', 'khan', 'rossi', 'muller', 'sato', 'ali', 'berg'];
const JIRA_PROJECTS = ['PAY', 'SUP', 'BILL', 'CORE'];

/** The shared inboxes and a personal one: stable, low-cardinality positions next to ULID message ids. */
function inboxes(r: Random): string[] {
  const personal = `${r.pick(FIRST)}.${r.pick(LAST)}@acme.io`;
  return [r.pick(['support@acme.io', 'help@acme.io', 'billing@acme.io']), personal];
}

function supportFocus(r: Random, owned: readonly string[], timeMs: number): TaskFocus {
  return {
    // Zendesk numbers tickets upward; new ones every few minutes, old ones close.
    primary: String(growingNumber(r, timeMs, 4_810_000, 900, 2_500)),
    secondary: r.pick(owned),
    ids: {
      message: ulid(r, timeMs - r.int(0, 6 * 3600) * 1000),
      issue: `${r.pick(JIRA_PROJECTS)}-${growingNumber(r, timeMs, 1_200, 40, 300)}`,
      customer: stripeId(r, 'cus', 14),
    },
  };
}

const id = (f: TaskFocus, name: string) => f.ids?.[name] ?? '';
const stripe = (path: string) => `stripe://v1/${path}`;

const supportAgent: AgentKind = {
  name: 'support-agent',
  serverId: 'zendesk-mcp',
  serverVersion: '4.2.0',
  scopes: ['tickets.read', 'tickets.write', 'mail.read'],
  eventsPerWeekday: 210,
  meanCallsPerTask: 5,
  // Follow-the-sun support: nights are quiet, not empty.
  nightLevel: 0.12,
  workingSet: inboxes,
  focus: supportFocus,
  tools: [
    tool('get_ticket', 0.28, 7_000, 0.6, 120, (f) => `zendesk://tickets/${f.primary}`),
    tool('add_comment', 0.16, 500, 0.3, 200, (f) => `zendesk://tickets/${f.primary}/comments`),
    tool('search_tickets', 0.14, 26_000, 0.8, 420, () => undefined),
    onServer(
      'mail-mcp',
      read(
        0.22,
        18_000,
        1.1,
        160,
        (f) => `mail://inbox/${f.secondary}/messages/${id(f, 'message')}`,
      ),
    ),
    onServer(
      'jira-mcp',
      tool('get_issue', 0.2, 9_000, 0.6, 240, (f) => `jira://${id(f, 'issue')}`),
    ),
  ],
  sensitive: {
    serverId: 'zendesk-mcp',
    method: 'tools/call',
    toolName: 'get_ticket',
    uris: ['zendesk://admin/api_tokens', 'zendesk://users/export?include=identities'],
  },
};

function billingFocus(r: Random, _owned: readonly string[], timeMs: number): TaskFocus {
  return {
    primary: stripeId(r, 'cus', 14),
    secondary: stripeId(r, 'ch', 24),
    ids: {
      invoice: stripeId(r, 'in', 24),
      subscription: stripeId(r, 'sub', 24),
      message: ulid(r, timeMs),
    },
  };
}

const billingAgent: AgentKind = {
  name: 'billing-agent',
  serverId: 'stripe-mcp',
  serverVersion: '2025.11.1',
  scopes: ['stripe.read', 'stripe.refunds', 'mail.send'],
  eventsPerWeekday: 180,
  meanCallsPerTask: 4,
  nightLevel: 0.04,
  share: 0.5,
  workingSet: () => [],
  focus: billingFocus,
  tools: [
    tool('get_customer', 0.3, 4_200, 0.5, 140, (f) => stripe(`customers/${f.primary}`)),
    tool('list_charges', 0.2, 21_000, 0.8, 300, (f) => stripe(`customers/${f.primary}/charges`)),
    tool('get_charge', 0.15, 3_800, 0.4, 120, (f) => stripe(`charges/${f.secondary}`)),
    tool('get_invoice', 0.15, 6_500, 0.6, 150, (f) => stripe(`invoices/${id(f, 'invoice')}`)),
    tool('create_refund', 0.08, 1_200, 0.3, 600, () => stripe('refunds')),
    onServer(
      'mail-mcp',
      tool('send_message', 0.12, 300, 0.2, 400, (f) => {
        return `mail://outbox/billing@acme.io/messages/${id(f, 'message')}`;
      }),
    ),
  ],
  // Payout destinations live on the same Stripe server, one path over from customers and charges.
  sensitive: {
    serverId: 'stripe-mcp',
    method: 'tools/call',
    toolName: 'get_customer',
    uris: [stripe('accounts/acct_1Nv0FGQ9RKHgCVdK/external_accounts'), stripe('payouts?limit=100')],
  },
};

const escalationAgent: AgentKind = {
  name: 'escalation-agent',
  serverId: 'jira-mcp',
  serverVersion: '9.12.4',
  scopes: ['jira.read', 'jira.write'],
  eventsPerWeekday: 120,
  meanCallsPerTask: 4,
  nightLevel: 0.02,
  share: 0.3,
  workingSet: inboxes,
  focus: supportFocus,
  tools: [
    tool('get_issue', 0.35, 9_000, 0.6, 240, (f) => `jira://${id(f, 'issue')}`),
    tool('search_issues', 0.2, 30_000, 0.7, 500, () => undefined),
    tool('create_issue', 0.15, 900, 0.3, 600, () => 'jira://issues'),
    tool('transition_issue', 0.15, 600, 0.3, 300, (f) => `jira://${id(f, 'issue')}/transitions`),
    onServer(
      'zendesk-mcp',
      tool('get_ticket', 0.15, 7_000, 0.6, 120, (f) => {
        return `zendesk://tickets/${f.primary}`;
      }),
    ),
  ],
};

/** Dunning: every night at 02:00 it walks past-due invoices and mails a reminder for each. */
const dunningJob: AgentKind = {
  name: 'dunning-job',
  serverId: 'stripe-mcp',
  serverVersion: '2025.11.1',
  scopes: ['stripe.read', 'mail.send'],
  eventsPerWeekday: 1_400,
  meanCallsPerTask: 40,
  nightLevel: 0,
  thinkMs: 300,
  share: 0.02,
  batch: true,
  rhythm: nightlyBatch(),
  workingSet: () => [],
  focus: billingFocus,
  tools: [
    tool('list_invoices', 0.1, 40_000, 0.4, 500, () => stripe('invoices?status=past_due')),
    tool('get_invoice', 0.45, 6_500, 0.6, 150, (f) => stripe(`invoices/${id(f, 'invoice')}`)),
    onServer(
      'mail-mcp',
      tool('send_message', 0.45, 300, 0.2, 400, (f) => {
        return `mail://outbox/billing@acme.io/messages/${id(f, 'message')}`;
      }),
    ),
  ],
};

const KINDS: readonly AgentKind[] = [supportAgent, billingAgent, escalationAgent, dunningJob];

export const SAAS_SUPPORT_FAMILY: Family = fleetFamily({
  name: 'saas-support',
  stresses:
    'Stripe base62 ids, ever-growing ticket/issue numbers, ULID messages, e-mail inboxes; 02:00 dunning job; outage surge',
  kinds: KINDS,
  defaults: { seed: 777, startMs: Date.UTC(2026, 2, 4), days: 7, agentsPerKind: 95 },
  versions: { 'mail-mcp': '3.0.2', 'jira-mcp': '9.12.4' },
  releases: [
    ['stripe-mcp', 0.45, '2026.02.0'],
    ['zendesk-mcp', 0.65, '4.3.0'],
  ],
  // A payment outage on day four: support agents at 1.8x for four hours.
  surge: { kind: 'support-agent', atHour: 3 * 24 + 14, hours: 4, factor: 1.8 },
  tailAlpha: 1.3,
  gateways: ['gw-support-eu', 'gw-support-us'],
});
