/**
 * A flood of distinct agent ids through the detection core: 1,000,000 new ids
 * in one hour of event time, one minimal event each, at the default maxAgents.
 * Run: NODE_OPTIONS=--expose-gc npm run bench:flood -w @vigil/detectors
 * Env: FLOOD_IDS (1000000), BENCH_CONFIG (JSON DetectionConfig overrides).
 */
import { createDetectionEngine, type DetectionConfigInput } from '../src/index';
import { HOUR, MONDAY, minimalCall } from '../src/testing/simulate';

const IDS = Number(process.env.FLOOD_IDS ?? 1_000_000);

/** The heap and the typed arrays' buffers, which live outside it (rate baselines are Float64Arrays). */
function memoryAfterGc(): { heap: number; buffers: number } | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return undefined;
  gc();
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return { heap: heapUsed, buffers: arrayBuffers };
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(0)} MB`;
}

const engine = createDetectionEngine(
  JSON.parse(process.env.BENCH_CONFIG ?? '{}') as DetectionConfigInput,
);
const before = memoryAfterGc();
let full: ReturnType<typeof memoryAfterGc>;
let fullAt = 0;
const started = performance.now();
for (let i = 0; i < IDS; i++) {
  const time = MONDAY + Math.floor((i * HOUR) / IDS);
  engine.ingest(minimalCall(`spray-${i}`, `spray-${i}`, time));
  if (fullAt === 0 && engine.stats().evictedAgents.probation > 0) {
    fullAt = i;
    full = memoryAfterGc();
  }
}
const ms = performance.now() - started;
const after = memoryAfterGc();
const stats = engine.stats();
console.log(
  `${IDS.toLocaleString('en')} new ids in ${(ms / 1000).toFixed(1)} s = ${((ms * 1000) / IDS).toFixed(1)} µs per new id; ${stats.agents.toLocaleString('en')} agents kept, evicted ${JSON.stringify(stats.evictedAgents)}, ${stats.openWindows} open windows`,
);
if (before !== undefined && full !== undefined && after !== undefined) {
  const used = (m: { heap: number; buffers: number }) => m.heap + m.buffers;
  console.log(
    `heap + buffers: ${mb(used(before))} before, ${mb(used(full))} when the cap filled (after ${fullAt.toLocaleString('en')} ids), ${mb(used(after))} after ${IDS.toLocaleString('en')} (heap ${mb(after.heap)}, buffers ${mb(after.buffers)}); ${((used(after) - used(before)) / stats.agents / 1000).toFixed(1)} KB per kept agent`,
  );
} else {
  console.log('memory: run with NODE_OPTIONS=--expose-gc for heap and buffers');
}
