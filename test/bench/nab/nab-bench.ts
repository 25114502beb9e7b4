// The Numenta Anomaly Benchmark (NAB v1.1) scored by a TypeScript port of NAB's scorer:
// the windowed Gaussian reproduced beside its published score, and Vigil's own baseline scorer.
// Run: npm run bench:nab   (corpus: NAB_DIR, default ../shared/nab beside the repository)
import { resolve } from 'node:path';
import { isNabDirectory, loadNabCorpus, loadPublishedResults, nabDirectory } from './nab-corpus';
import { asStoredByNab, labelCorpus, scoreDetector, type ProfileResult } from './nab-scorer';
import { vigilNabScores } from './vigil-detector';
import { windowedGaussianScores } from './windowed-gaussian';

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');
const dir = nabDirectory(repoRoot);
if (!isNabDirectory(dir)) {
  console.error(
    `NAB corpus not found at ${dir} (need data/, labels/combined_windows.json, config/profiles.json).\n` +
      'Get NAB v1.1 (https://github.com/numenta/NAB) and point NAB_DIR at it.',
  );
  process.exit(1);
}

const started = performance.now();
const corpus = loadNabCorpus(dir);
const published = loadPublishedResults(dir);
const labelled = labelCorpus(corpus);
const profiles = corpus.profiles.map((p) => p.name);

function run(
  scoresOf: (values: readonly number[], times: readonly number[]) => ArrayLike<number>,
): ProfileResult[] {
  const scores = corpus.series.map((s) =>
    Array.from(scoresOf(s.values, s.timestamps), asStoredByNab),
  );
  return scoreDetector(corpus, scores, labelled);
}

const gaussian = run((values) => windowedGaussianScores(values));
const vigil = run((values, times) => vigilNabScores(values, times));

const rows: [string, (number | undefined)[]][] = [
  ['windowedGaussian (this port)', gaussian.map((r) => r.normalized)],
  ['windowedGaussian (published)', profiles.map((p) => published.windowedGaussian?.[p])],
  ['Vigil baseline scorer', vigil.map((r) => r.normalized)],
  ...(['twitterADVec', 'randomCutForest', 'numenta', 'ARTime'] as const).map(
    (name): [string, (number | undefined)[]] => [
      `${name} (published)`,
      profiles.map((p) => published[name]?.[p]),
    ],
  ),
];
const cell = (v: number | undefined): string => (v === undefined ? '—' : v.toFixed(1)).padStart(20);
console.log(
  `NAB v1.1: ${corpus.series.length} series, ${corpus.windowCount} anomaly windows, ${dir}`,
);
console.log(`${'detector'.padEnd(30)}${profiles.map((p) => p.padStart(20)).join('')}`);
for (const [name, values] of rows) console.log(`${name.padEnd(30)}${values.map(cell).join('')}`);
for (const r of vigil) {
  console.log(
    `  Vigil ${r.profile}: threshold ${r.threshold.toFixed(4)}, windows detected ${corpus.windowCount - r.missed}/${corpus.windowCount}, false-positive rows ${r.fp}`,
  );
}
console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
const standard = vigil.find((r) => r.profile === 'standard') as ProfileResult;
console.log(`NAB standard: ${standard.normalized.toFixed(1)}`);
