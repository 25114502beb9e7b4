/**
 * Detection quality on every fleet family: generate, replay through the pure core, score, print one
 * table and, per family, the false-positive patterns and missed attacks to fix.
 *
 *   npm run bench:detection                          # every family at its default size
 *   npm run bench:detection -- --family platform-ops --seed 7
 */
import { parseArgs } from 'node:util';
import type { DetectionConfigInput } from '@vigil/detectors';
import { evaluate } from '../scenarios/evaluate';
import { FAMILIES, familyNamed, generateFamily, type Family } from '../scenarios/families';
import { replayThroughCore } from '../scenarios/replay';
import { formatDetails, formatTable, type FamilyResult } from './detection-report';

const { values } = parseArgs({
  options: {
    family: { type: 'string', multiple: true },
    seed: { type: 'string' },
    examples: { type: 'string', default: '2' },
    /** DetectionConfig overrides as JSON, e.g. '{"minScore":40}': to try a threshold on every family. */
    config: { type: 'string' },
  },
  strict: true,
});

const detection = JSON.parse(values.config ?? '{}') as DetectionConfigInput;
const seed = values.seed === undefined ? undefined : Number(values.seed);
if (seed !== undefined && !Number.isInteger(seed))
  throw new Error(`--seed ${values.seed}: not an integer`);
const families: readonly Family[] = values.family ? values.family.map(familyNamed) : FAMILIES;

function runFamily(family: Family): FamilyResult {
  let started = performance.now();
  const scenario = generateFamily(family, seed === undefined ? {} : { seed });
  const generateMs = performance.now() - started;
  started = performance.now();
  const anomalies = replayThroughCore(scenario, { detection });
  const replayMs = performance.now() - started;
  return { family, scenario, evaluation: evaluate(scenario, anomalies), generateMs, replayMs };
}

const benchStarted = performance.now();
const results: FamilyResult[] = [];
for (const family of families) {
  process.stderr.write(`${family.name}: generating and replaying…\n`);
  results.push(runFamily(family));
}
console.log(formatTable(results));
for (const result of results) console.log(formatDetails(result, Number(values.examples)));
console.log(
  `\n${results.length} families in ${((performance.now() - benchStarted) / 1000).toFixed(1)} s`,
);
