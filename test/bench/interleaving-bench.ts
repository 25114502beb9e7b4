/**
 * How much detection depends on how partitions interleave: each family replayed through the pure core
 * in time order and in per-partition batches with partitions drifting hours apart (as a backlog, a
 * restart or a rebalance reads them), comparing every cause's latest version and count. A fault run
 * of the pipeline should store the same anomalies as a fault-free one; what differs here would differ
 * there.
 *
 *   npm run bench:interleaving
 *   npm run bench:interleaving -- --family holdout-apac --drift-hours 3 --config '{"earlyFiring":false}'
 */
import { parseArgs } from 'node:util';
import type { DetectionConfigInput } from '@vigil/detectors';
import { causes, differing } from '@vigil/detectors/testing/run';
import { FAMILIES, familyNamed, generateFamily, type Family } from '../scenarios/families';
import { replayInPartitionBatches } from '../scenarios/partition-batches';
import { replayThroughCore } from '../scenarios/replay';

const { values } = parseArgs({
  options: {
    family: { type: 'string', multiple: true },
    'drift-hours': { type: 'string', multiple: true },
    config: { type: 'string' },
    examples: { type: 'string', default: '3' },
  },
  strict: true,
});

const detection = JSON.parse(values.config ?? '{}') as DetectionConfigInput;
const drifts = (values['drift-hours'] ?? ['2', '24', '48']).map(Number);
const families: readonly Family[] = values.family ? values.family.map(familyNamed) : FAMILIES;
const HOUR_MS = 3_600_000;

const rows: string[] = [];
const details: string[] = [];
for (const family of families) {
  process.stderr.write(`${family.name}: generating and replaying…\n`);
  const scenario = generateFamily(family);
  const inOrder = causes(replayThroughCore(scenario, { detection }));
  const cells = drifts.map((hours) => {
    const batched = causes(
      replayInPartitionBatches(scenario, {
        detection,
        batchSize: 500,
        seed: 7,
        maxDriftMs: hours * HOUR_MS,
      }),
    );
    const differ = differing(inOrder, batched);
    if (differ.length > 0)
      details.push(
        `${family.name}, ${hours} h drift (in time order | in batches):`,
        ...differ.slice(0, Number(values.examples)).map((line) => `  ${line}`),
      );
    return `${differ.length} of ${inOrder.size}`;
  });
  rows.push(`| ${family.name.padEnd(14)} | ${cells.map((c) => c.padEnd(10)).join(' | ')} |`);
}
console.log(
  `| family         | ${drifts.map((h) => `${h} h drift`.padEnd(10)).join(' | ')} |\n` +
    `|----------------|${drifts.map(() => '------------').join('|')}|\n` +
    `${rows.join('\n')}\n\ncauses differing from the replay in time order (latest version and count per id)`,
);
if (details.length > 0) console.log(`\n${details.join('\n')}`);
