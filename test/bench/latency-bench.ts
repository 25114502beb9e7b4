// Live latency of the three services on the local stack (issue #9). A day of warm history is seeded
// first, then for each rate a steady benign load with event time = now, with attacks of every kind
// injected into it. Prints p50 / p99 / max from each attack's first event (for the window kinds, from
// the event that crossed the threshold: the anomaly's event time) to (a) the anomaly on the anomalies
// topic and (b) the signed webhook at a local receiver, and whether each rate was sustained.
// Run: npm run bench:latency [-- --rates 1000,3000,10000 --seconds 45 --attacks 5]
// (the local stack must be up: npm run stack:up, with KAFKA_BROKERS and CLICKHOUSE_URL exported)
import { randomBytes } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Anomaly, IsolationAlert, decodeEnvelope, type AuditEvent } from '@vigil/contracts';
import { verifySignature } from '@vigil/response';
import { sendInChunks } from '@vigil/runtime';
import { startAlertReceiver } from '../support/alert-receiver';
import { startService } from '../support/service-process';
import { benchPipeline, uncommitted } from './bench-kit';
import { ATTACK_KINDS, PER_EVENT_KINDS, planAttack, type AttackPlan } from './latency/attacks';
import { formatBatches, readBatchCounters, type BatchCounters } from './latency/batch-figures';
import {
  HISTORY_MS,
  WARM_CADENCE_MS,
  docsRead,
  loadAgent,
  tokenIssued,
  warmAgent,
  warmCall,
  warmHistory,
} from './latency/fleet';
import {
  formatLatency,
  markdownTable,
  percentile,
  type LatencySample,
} from './latency/latency-table';

const { values } = parseArgs({
  options: {
    rates: { type: 'string', default: '1000,3000,10000' },
    /** Length of each rate's live phase. */
    seconds: { type: 'string', default: '45' },
    /** Attacks of each kind per rate. */
    attacks: { type: 'string', default: '5' },
    'load-agents': { type: 'string', default: '300' },
  },
  strict: true,
});
const rates = values.rates.split(',').map(Number);
const phaseMs = Number(values.seconds) * 1000;
const attacksPerKind = Number(values.attacks);
const loadAgents = Number(values['load-agents']);
if (
  rates.some((r) => !(r > 0)) ||
  !(phaseMs >= 20_000) ||
  !(attacksPerKind > 0) ||
  !(loadAgents > 0)
) {
  throw new Error(
    '--rates: positive events/s, comma-separated; --seconds ≥ 20; --attacks, --load-agents > 0',
  );
}
/** Load before the first attack of a phase, and after its last. */
const SETTLE_MS = 8_000;
const TAIL_MS = 5_000;
/** How long after a phase the bench waits for the attacks' anomalies and webhooks. */
const ARRIVAL_WAIT_MS = 30_000;
const DRAIN_WAIT_MS = 240_000;
const TICK_MS = 20;
const SECRET = `bench-latency-${randomBytes(8).toString('hex')}`;

const loadBefore = loadavg();
const receiver = await startAlertReceiver();
const bench = await benchPipeline('latency');
const env: Record<string, string> = {
  ...bench.env,
  VIGIL_WEBHOOK_TARGETS: JSON.stringify([{ name: 'receiver', kind: 'webhook', url: receiver.url }]),
  VIGIL_WEBHOOK_SECRET: SECRET,
};
const topic = {
  audit: env.VIGIL_TOPIC_AUDIT as string,
  identity: env.VIGIL_TOPIC_IDENTITY as string,
  anomalies: env.VIGIL_TOPIC_ANOMALIES as string,
};
const warmAgents = rates.length * ATTACK_KINDS.length * attacksPerKind + 10;
const producer = bench.kafka.producer();
await producer.connect();
const asMessages = (events: Array<{ agentId?: string; tokenId?: string; time: string }>) =>
  events.map((e) => ({ key: e.agentId ?? e.tokenId ?? '', value: JSON.stringify(e) }));

// 1. Seed: every token, then a day of the warm agents' history, drained by the services.
const seededAt = Date.now();
const historyFrom = seededAt - HISTORY_MS;
const everyAgent = [
  ...Array.from({ length: warmAgents }, (_, i) => warmAgent(i)),
  ...Array.from({ length: loadAgents }, (_, i) => loadAgent(i)),
];
await bench.produce(
  topic.identity,
  asMessages(everyAgent.map((a) => tokenIssued(a, historyFrom - 60_000))),
);
const history = warmHistory(warmAgents, historyFrom, seededAt);
await bench.produce(topic.audit, asMessages(history));
console.log(
  `seeding: ${history.length.toLocaleString('en')} events of ${warmAgents} warm agents over ${HISTORY_MS / 3_600_000} h; ${loadAgents} load agents`,
);

const services = await Promise.all(
  (['collector', 'enricher', 'detector'] as const).map((name) => startService(name, env)),
);
const admin = bench.kafka.admin();
await admin.connect();
const stages = [
  [env.COLLECTOR_GROUP_ID, env.VIGIL_TOPIC_AUDIT],
  [env.ENRICHER_GROUP_ID, env.VIGIL_TOPIC_ACCEPTED],
  [env.DETECTOR_GROUP_ID, env.VIGIL_TOPIC_ENRICHED],
] as Array<[string, string]>;
/** Messages not committed yet by each stage. */
const backlog = () => Promise.all(stages.map(([group, input]) => uncommitted(admin, group, input)));
/** Seconds until every stage has committed all its input (undefined: not within `limitMs`). */
async function drain(limitMs: number): Promise<number | undefined> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    const exited = services.find((s) => s.process.exitCode !== null);
    if (exited) throw new Error(`a service exited:\n${exited.output.join('').slice(-4000)}`);
    if ((await backlog()).every((n) => n === 0)) return (Date.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return undefined;
}
const seeded = await drain(600_000);
if (seeded === undefined)
  throw new Error('the services did not drain the seeded history in 10 minutes');
console.log(`seeded: history drained ${seeded.toFixed(1)} s after the services started`);

// 2. Everything the anomalies topic carries from here on, with the time it arrived.
const arrived: Array<{ at: number; anomaly: Anomaly }> = [];
const consumer = bench.kafka.consumer({
  groupId: `latency-watch-${randomBytes(4).toString('hex')}`,
  maxWaitTimeInMs: 20,
});
await consumer.connect();
await consumer.subscribe({ topic: topic.anomalies, fromBeginning: true });
await consumer.run({
  eachMessage: async ({ message }) => {
    const at = Date.now();
    const parsed = Anomaly.safeParse(JSON.parse(message.value?.toString() ?? 'null'));
    if (parsed.success) arrived.push({ at, anomaly: parsed.data });
  },
});

// Where the time goes: when the warm agents' events (attacks among them) reached the accepted topic
// (the collector's output) and the enriched topic (the enricher's), by the messages' timestamps.
const reached = new Map<string, { timeMs: number; accepted?: number; enriched?: number }>();
const hopWatch = bench.kafka.consumer({
  groupId: `latency-hops-${randomBytes(4).toString('hex')}`,
  maxWaitTimeInMs: 20,
});
await hopWatch.connect();
await hopWatch.subscribe({
  topics: [env.VIGIL_TOPIC_ACCEPTED as string, env.VIGIL_TOPIC_ENRICHED as string],
  fromBeginning: false,
});
await hopWatch.run({
  eachMessage: async ({ topic: from, message }) => {
    if (!message.key?.toString().startsWith('warm-')) return;
    const decoded = decodeEnvelope(message.value);
    if (!decoded.ok) return;
    const { event, timeMs } = decoded.value;
    const entry = reached.get(event.eventId) ?? { timeMs };
    entry[from === env.VIGIL_TOPIC_ACCEPTED ? 'accepted' : 'enriched'] = Number(message.timestamp);
    reached.set(event.eventId, entry);
  },
});

interface Injected {
  plan: AttackPlan;
  startedAt: number;
  sent: number;
}
interface PhaseResult {
  rate: number;
  /** Per stage: its batches during the phase and the drain after it. */
  batches: string[];
  startedAt: number;
  stoppedAt: number;
  produced: number;
  injected: Injected[];
  /** Seconds of input each stage had not committed when the load stopped, the largest. */
  behindSeconds: number;
  drainedAfter: number | undefined;
}

// 3. The live phases.
const liveFrom = Date.now();
let nextWarm = 0;
let loadSeq = 0;
const results: PhaseResult[] = [];
for (const rate of rates) results.push(await livePhase(rate));

async function livePhase(rate: number): Promise<PhaseResult> {
  const attacks = Array.from({ length: attacksPerKind }, () => ATTACK_KINDS).flat();
  const spacing = (phaseMs - SETTLE_MS - TAIL_MS) / attacks.length;
  const schedule = attacks.map((kind, i) => ({
    atMs: SETTLE_MS + i * spacing,
    plan: planAttack(kind, warmAgent(nextWarm), nextWarm++),
  }));
  const injected: Injected[] = [];
  const warmNext = Array.from({ length: warmAgents }, (_, i) => nextOnSchedule(i, Date.now()));
  const countersBefore = await batchCounters();
  const start = Date.now();
  let produced = 0;
  while (Date.now() - start < phaseMs) {
    const now = Date.now();
    const audit: AuditEvent[] = [];
    const due = Math.floor((rate * (now - start)) / 1000) - produced;
    for (let i = 0; i < due; i++, loadSeq++)
      audit.push(docsRead(loadAgent(loadSeq % loadAgents), loadSeq, now));
    produced += due;
    for (let i = 0; i < warmAgents; i++) {
      if ((warmNext[i] as number) > now) continue;
      audit.push(warmCall(warmAgent(i), Math.round((now - historyFrom) / WARM_CADENCE_MS), now));
      warmNext[i] = nextOnSchedule(i, now + 1);
    }
    while (schedule.length > 0 && (schedule[0]?.atMs ?? Infinity) <= now - start) {
      const { plan } = schedule.shift() as (typeof schedule)[number];
      // The revocation is in Kafka before the use of the token.
      await sendInChunks(producer, topic.identity, asMessages(plan.identity(now)));
      injected.push({ plan, startedAt: Date.now(), sent: 0 });
    }
    for (const attack of injected) {
      const steps = attack.plan.audit;
      while (
        attack.sent < steps.length &&
        (steps[attack.sent]?.afterMs ?? 0) <= now - attack.startedAt
      ) {
        audit.push((steps[attack.sent++] as AttackPlan['audit'][number]).build(Date.now()));
      }
    }
    if (audit.length > 0) await sendInChunks(producer, topic.audit, asMessages(audit));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, TICK_MS - (Date.now() - now))));
  }
  const stoppedAt = Date.now();
  const elapsed = (stoppedAt - start) / 1000;
  const behind = await backlog();
  const drainedAfter = await drain(DRAIN_WAIT_MS);
  await waitForArrivals(injected, ARRIVAL_WAIT_MS);
  const countersAfter = await batchCounters();
  return {
    rate,
    batches: countersAfter.map((after, i) =>
      formatBatches(countersBefore[i] as BatchCounters, after),
    ),
    startedAt: start,
    stoppedAt,
    produced: produced / elapsed,
    injected,
    behindSeconds: Math.max(...behind) / rate,
    drainedAfter,
  };
}

/** Each stage's batch counters for its input topic, in stage order. */
function batchCounters(): Promise<BatchCounters[]> {
  return Promise.all(
    stages.map(([, input], i) => readBatchCounters(services[i]?.port ?? 0, input)),
  );
}

function nextOnSchedule(agent: number, fromMs: number): number {
  const offset = historyFrom + Math.floor((agent * WARM_CADENCE_MS) / warmAgents);
  return offset + Math.ceil((fromMs - offset) / WARM_CADENCE_MS) * WARM_CADENCE_MS;
}

/** The attack's anomaly of its own kind, with its arrival; undefined while it has not come. */
function anomalyOf(attack: Injected) {
  return arrived.find(
    ({ anomaly, at }) =>
      at >= attack.startedAt &&
      anomaly.agentId === attack.plan.agentId &&
      anomaly.kind === attack.plan.kind,
  );
}

/** The first signed alert for the attacking agent after the attack began, with its arrival. */
function webhookOf(attack: Injected) {
  for (const delivery of receiver.received) {
    if (delivery.at < attack.startedAt) continue;
    const alert = IsolationAlert.parse(JSON.parse(delivery.body));
    if (alert.agentId !== attack.plan.agentId) continue;
    const verdict = verifySignature({
      body: delivery.body,
      header: String(delivery.headers['vigil-signature']),
      secrets: [SECRET],
      nowSeconds: Math.floor(delivery.at / 1000),
    });
    if (!verdict.ok)
      throw new Error(`alert ${alert.alertId} is not signed right: ${verdict.reason}`);
    return { at: delivery.at, alert };
  }
  return undefined;
}

async function waitForArrivals(injected: Injected[], limitMs: number) {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline && injected.some((a) => !anomalyOf(a) || !webhookOf(a))) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

// 4. The figures.
/** ms from the attack's crossing event (the anomaly's event time) to the anomaly and to the webhook. */
/**
 * ms from the attack's crossing event (the anomaly's event time) to the anomaly, and to an isolating
 * webhook; a notify alert waits the policy's grouping window (10 s) by design, so it is counted apart.
 */
function latencies(attacks: Injected[]) {
  const anomaly: LatencySample = { ms: [], missing: 0 };
  const isolate: LatencySample = { ms: [], missing: 0 };
  const notify: LatencySample = { ms: [], missing: 0 };
  let unalerted = 0;
  for (const attack of attacks) {
    const found = anomalyOf(attack);
    const crossedAt = found ? Date.parse(found.anomaly.eventTime) : attack.startedAt;
    if (found) anomaly.ms.push(found.at - crossedAt);
    else anomaly.missing++;
    const alert = webhookOf(attack);
    if (!alert) unalerted++;
    else (alert.alert.action === 'isolate' ? isolate : notify).ms.push(alert.at - crossedAt);
  }
  return { anomaly, isolate, notify, unalerted };
}
const isPerEvent = (a: Injected) => (PER_EVENT_KINDS as readonly string[]).includes(a.plan.kind);
const targets: Record<number, { perEvent?: number; window?: number }> = {
  1000: { perEvent: 1_000, window: 2_000 },
  3000: { perEvent: 2_000 },
};
const verdict = (sample: LatencySample, target: number | undefined) => {
  if (target === undefined) return '';
  const p99 = percentile(sample.ms, 99);
  return sample.missing === 0 && p99 !== undefined && p99 <= target
    ? ` ≤ ${target} ✓`
    : ` > ${target} ✗`;
};

const summary: string[][] = [];
const detail: string[][] = [];
for (const result of results) {
  const groups = [
    ['per-event kinds', result.injected.filter(isPerEvent), targets[result.rate]?.perEvent],
    [
      'window kinds (from the crossing event)',
      result.injected.filter((a) => !isPerEvent(a)),
      targets[result.rate]?.window,
    ],
  ] as const;
  for (const [name, attacks, target] of groups) {
    const { anomaly, isolate } = latencies([...attacks]);
    summary.push([
      result.rate.toLocaleString('en'),
      Math.round(result.produced).toLocaleString('en'),
      name,
      formatLatency(anomaly) + verdict(anomaly, target),
      formatLatency(isolate),
      result.behindSeconds.toFixed(1),
      result.drainedAfter === undefined
        ? `> ${DRAIN_WAIT_MS / 1000}`
        : result.drainedAfter.toFixed(0),
    ]);
  }
  for (const kind of ATTACK_KINDS) {
    const { anomaly, isolate, notify, unalerted } = latencies(
      result.injected.filter((a) => a.plan.kind === kind),
    );
    detail.push([
      result.rate.toLocaleString('en'),
      kind,
      formatLatency(anomaly),
      isolate.ms.length > 0 ? formatLatency(isolate) : '-',
      notify.ms.length > 0 ? formatLatency(notify) : '-',
      String(unalerted),
    ]);
  }
}
/** ms from event time to the accepted topic, and from there to the enriched topic, of a phase's warm-agent events. */
const hops: string[][] = results.map(({ rate, startedAt, stoppedAt }) => {
  const inPhase = [...reached.values()].filter(
    (r) => r.timeMs >= startedAt && r.timeMs <= stoppedAt,
  );
  const sample = (ms: Array<number | undefined>): LatencySample => ({
    ms: ms.filter((v): v is number => v !== undefined),
    missing: ms.filter((v) => v === undefined).length,
  });
  const since = (to: number | undefined, from: number | undefined) =>
    to === undefined || from === undefined ? undefined : to - from;
  return [
    rate.toLocaleString('en'),
    formatLatency(sample(inPhase.map((r) => since(r.accepted, r.timeMs)))),
    formatLatency(sample(inPhase.map((r) => since(r.enriched, r.accepted)))),
    formatLatency(sample(inPhase.map((r) => since(r.enriched, r.timeMs)))),
  ];
});

const attacked = new Set(results.flatMap((r) => r.injected.map((a) => a.plan.agentId)));
const unexpected = arrived.filter(
  ({ at, anomaly }) => at >= liveFrom && !attacked.has(anomaly.agentId),
);

const load = (l: number[]) => l.map((v) => v.toFixed(1)).join(', ');
console.log(
  `\nlive latency, ${new Date().toISOString()}: ${availableParallelism()} cores; load average before ${load(loadBefore)}, after ${load(loadavg())}`,
);
console.log(
  `${attacksPerKind} attacks of each of ${ATTACK_KINDS.length} kinds per rate, ${phaseMs / 1000} s a rate, ${loadAgents} load agents\n`,
);
console.log(
  markdownTable(
    [
      'rate (ev/s)',
      'produced (ev/s)',
      'attacks',
      'anomaly on topic, ms (n: p50 / p99 / max)',
      'isolate webhook, ms',
      'behind at end (s)',
      'drained (s)',
    ],
    summary,
  ),
);
console.log('');
console.log(
  markdownTable(
    [
      'rate (ev/s)',
      'kind',
      'anomaly on topic, ms',
      'isolate webhook, ms',
      'notify webhook (10 s grouping), ms',
      'no alert',
    ],
    detail,
  ),
);
console.log('');
console.log(
  markdownTable(
    [
      'rate (ev/s)',
      'collector: event → accepted topic, ms',
      'enricher: accepted → enriched',
      'event → enriched',
    ],
    hops,
  ),
);
console.log('');
console.log(
  markdownTable(
    ['rate (ev/s)', 'collector batches', 'enricher batches', 'detector batches'],
    results.map((r) => [r.rate.toLocaleString('en'), ...r.batches]),
  ),
);
console.log(
  `\nanomalies of agents not attacked during the live phases: ${unexpected.length}` +
    (unexpected.length > 0
      ? ` (${[...new Set(unexpected.map(({ anomaly }) => anomaly.kind))].join(', ')})`
      : ''),
);
console.log(
  'behind at end: the largest stage backlog (uncommitted input) when the load stopped, in seconds of load; drained: seconds from then until every stage had committed all its input.',
);
// 5. Clean up.
await consumer.disconnect();
await hopWatch.disconnect();
for (const service of services) await service.stop();
await admin.disconnect();
await producer.disconnect();
// A loaded ClickHouse may time out dropping the run's database: the figures are printed by then.
await bench.close().catch((error: unknown) => console.warn(`cleanup: ${(error as Error).message}`));
await receiver.close();
process.exit(0);
