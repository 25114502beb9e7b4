/**
 * What counting another instance's agents costs (see Population.setRemote): each family replayed
 * through one engine, every agent's snapshot handed to a second engine as an agent held elsewhere,
 * and the second engine's heap and buffers measured before and after, per agent.
 *
 *   npm run bench:fleet-memory
 */
import { createDetectionEngine } from '@vigil/detectors';
import { FAMILIES, generateFamily } from '../scenarios/families';
import { replayThroughCore } from '../scenarios/replay';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc (npm run bench:fleet-memory does)');

function memoryAfterGc(): number {
  gc?.();
  gc?.();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

// Kept alive until the end, so that what the measurement frees is not the replay's garbage.
const kept: unknown[] = [];
for (const family of FAMILIES) {
  const scenario = generateFamily(family, {});
  const held = createDetectionEngine();
  replayThroughCore(scenario, { engine: held });
  const saved = held
    .takeDirtyAgents()
    .map((id) => ({ id, json: JSON.stringify(held.snapshotAgent(id)) }));
  const elsewhere = createDetectionEngine();
  kept.push(scenario, held, saved, elsewhere);
  const before = memoryAfterGc();
  for (const { id, json } of saved) elsewhere.setRemoteAgent(id, JSON.parse(json));
  const perAgent = (memoryAfterGc() - before) / saved.length;
  const snapshotBytes = saved.reduce((sum, { json }) => sum + json.length, 0) / saved.length;
  console.log(
    `${family.name}: ${saved.length} agents; snapshot ${(snapshotBytes / 1024).toFixed(1)} KB, ` +
      `counted from it ${(perAgent / 1024).toFixed(1)} KB per agent`,
  );
}
