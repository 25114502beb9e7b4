/**
 * Throughput and memory of the detection core on one core.
 * Run: npx tsx packages/detectors/bench/core-bench.ts   (add --expose-gc through
 * NODE_OPTIONS for the memory figure: NODE_OPTIONS=--expose-gc npx tsx …)
 * Env: BENCH_AGENTS (10000), BENCH_EVENTS (1500000), BENCH_CHUNK (5000 events built, then
 * ingested, like a consumer batch), BENCH_CONFIG (JSON DetectionConfig overrides).
 */
import type { AuditEvent, Enrichment } from '@vigil/contracts';
import { createDetectionEngine, type DetectionConfigInput, type DetectorInput } from '../src/index';
import { KnownGround, ResourceTree } from '@vigil/baselines';
import { seededRandom } from '@vigil/streaming';
import { HOUR, KINDS, MONDAY } from '../src/testing/simulate';

const AGENTS = Number(process.env.BENCH_AGENTS ?? 10_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_500_000);
const PARTITIONS = 8;
/** Two hours of event time: twelve 10-minute windows close for every agent. */
const SPAN_MS = 2 * HOUR;
const IDS_PER_TEMPLATE = 2_000;

const CHUNK = Number(process.env.BENCH_CHUNK ?? 5_000);
const enrichments = new Map<string, Enrichment>();

/**
 * Events `from` to `from + count`, built before they are timed. Built in
 * chunks so that the heap holds what a consumer holds (a batch just parsed),
 * not a gigabyte of input that every garbage collection would walk.
 */
function buildEvents(
  random: () => number,
  from: number,
  count: number,
  texts: string[],
): DetectorInput[] {
  const start = MONDAY + 9 * HOUR;
  const inputs: DetectorInput[] = new Array(count);
  texts.length = count;
  for (let n = 0; n < count; n++) {
    const i = from + n;
    const agentIndex = Math.floor(random() * AGENTS);
    const kind = KINDS[agentIndex % KINDS.length]!;
    const agentId = `${kind.name}-${agentIndex}`;
    const tool = kind.tools[Math.floor(random() * kind.tools.length)]!;
    const template = kind.uris[Math.floor(random() * kind.uris.length)]!;
    const user = `user-${agentIndex}-${Math.floor(random() * 3)}`;
    const event: AuditEvent = {
      eventId: `ev-${i}`,
      time: new Date(start + Math.floor((i * SPAN_MS) / EVENTS)).toISOString(),
      agentId,
      method: 'tools/call',
      serverId: kind.server,
      outcome: 'ok',
      toolName: tool,
      resourceUri: template.replace('#', String(10_000 + Math.floor(random() * IDS_PER_TEMPLATE))),
      tokenId: `tok-${agentId}`,
      onBehalfOf: user,
      responseBytes: Math.round(2_000 * Math.exp(random() * 1.5)),
      toolSchemaHash: `hash-${tool}-v1`,
    };
    let enrichment = enrichments.get(agentId);
    if (enrichment === undefined) {
      enrichment = { tokenStatus: 'active', tokenAgentId: agentId, userStatus: 'active' };
      enrichments.set(agentId, enrichment);
    }
    // Parsed from JSON as the consumer would: flat strings, one object per event.
    texts[n] = JSON.stringify(event);
    inputs[n] = {
      event: JSON.parse(texts[n]) as AuditEvent,
      enrichment,
      partition: agentIndex % PARTITIONS,
    };
  }
  return inputs;
}

/**
 * Heap per resource-tree node: one server's tree filled to its bound with
 * distinct names at three levels, each walked by an agent once.
 */
function treeMemory(): void {
  const before = heapAfterGc();
  if (before === undefined) return;
  const tree = new ResourceTree({
    maxChildren: 100_000,
    maxNodes: 20_000,
    maxDepth: 16,
    establishedUses: 3,
    habitPriorVisits: 20,
  });
  const ground = new KnownGround();
  const name = (n: number) =>
    `name-${String.fromCharCode(97 + (n % 26), 97 + (((n / 26) % 26) | 0))}`;
  for (let i = 0; tree.size < 20_000 && i < 100_000; i++) {
    const id = tree.templateOf(`doc://${name(i % 40)}/${name((i / 40) | 0)}/${name(i)}`);
    tree.firstUse(id, ground);
    tree.visit(id, ground);
  }
  const after = heapAfterGc() as number;
  console.log(
    `resource tree: ${tree.size} nodes in ${((after - before) / 1e6).toFixed(1)} MB = ${((after - before) / tree.size).toFixed(0)} bytes per node, with one agent's ground over all of them`,
  );
}

function heapAfterGc(): number | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return undefined;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

function run(count: number): {
  ms: number;
  parseMs: number;
  anomalies: number;
  engine: ReturnType<typeof createDetectionEngine>;
} {
  const random = seededRandom(42);
  const engine = createDetectionEngine(
    JSON.parse(process.env.BENCH_CONFIG ?? '{}') as DetectionConfigInput,
  );
  let anomalies = 0;
  let ms = 0;
  let parseMs = 0;
  let parsed = 0;
  const texts: string[] = [];
  for (let from = 0; from < count; from += CHUNK) {
    const inputs = buildEvents(random, from, Math.min(CHUNK, count - from), texts);
    let started = performance.now();
    for (let i = 0; i < inputs.length; i++) anomalies += engine.ingest(inputs[i]!).anomalies.length;
    ms += performance.now() - started;
    // The yardstick: JSON.parse of the same events, interleaved, so both see the same machine.
    started = performance.now();
    for (let i = 0; i < texts.length; i++)
      parsed += (JSON.parse(texts[i]!) as AuditEvent).time.length;
    parseMs += performance.now() - started;
  }
  if (parsed === 0) throw new Error('nothing parsed');
  return { ms, parseMs, anomalies, engine };
}

// Warm the JIT on a separate engine, then measure a fresh one.
run(Math.min(EVENTS, 300_000));
const before = heapAfterGc();
const { ms, parseMs, anomalies, engine } = run(EVENTS);
const after = heapAfterGc();
const stats = engine.stats();
console.log(
  `ingest: ${EVENTS.toLocaleString('en')} events for ${AGENTS.toLocaleString('en')} agents in ${ms.toFixed(0)} ms = ${Math.round((EVENTS / ms) * 1000).toLocaleString('en')} events/s on one core`,
);
const rate = EVENTS / ms;
const parseRate = EVENTS / parseMs;
console.log(
  `JSON.parse of the same events: ${Math.round(parseRate * 1000).toLocaleString('en')} events/s; core / JSON.parse = ${(rate / parseRate).toFixed(2)}`,
);
console.log(`anomalies: ${anomalies}; stats: ${JSON.stringify(stats)}`);
if (before !== undefined && after !== undefined) {
  const perAgent = (after - before) / stats.agents;
  console.log(
    `memory: ${((after - before) / 1e6).toFixed(1)} MB heap for ${stats.agents} agents = ${(perAgent / 1000).toFixed(1)} KB per agent (incl. open windows, the id dedupe set and resource trees)`,
  );
} else {
  console.log('memory: run with NODE_OPTIONS=--expose-gc for the heap per agent');
}
treeMemory();
const flushStarted = performance.now();
const flushed = engine.flush().length;
console.log(`flush: ${flushed} anomalies in ${(performance.now() - flushStarted).toFixed(0)} ms`);
