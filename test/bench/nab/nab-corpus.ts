import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The weights of one NAB application profile (config/profiles.json). */
export interface CostMatrix {
  readonly tpWeight: number;
  readonly fpWeight: number;
  readonly fnWeight: number;
}

export interface NabProfile {
  readonly name: string;
  readonly cost: CostMatrix;
}

/** One labelled NAB series: rows in file order, timestamps as UTC epoch ms (NAB's are naive local strings). */
export interface NabSeries {
  /** Relative path inside data/, as NAB names it: `realKnownCause/nyc_taxi.csv`. */
  readonly name: string;
  readonly timestamps: readonly number[];
  readonly values: readonly number[];
  /** Anomaly windows as [first, last] timestamps (epoch ms), in the label file's order. */
  readonly windows: readonly (readonly [number, number])[];
}

export interface NabCorpus {
  readonly dir: string;
  readonly series: readonly NabSeries[];
  readonly profiles: readonly NabProfile[];
  /** Windows in the label file: NAB's perfect score is this times tpWeight. */
  readonly windowCount: number;
}

/** Where the corpus lives: NAB_DIR, else ../shared/nab beside the repository. */
export function nabDirectory(repoRoot: string): string {
  return resolve(process.env.NAB_DIR ?? join(repoRoot, '..', 'shared', 'nab'));
}

export function isNabDirectory(dir: string): boolean {
  return (
    existsSync(join(dir, 'labels', 'combined_windows.json')) &&
    existsSync(join(dir, 'config', 'profiles.json')) &&
    existsSync(join(dir, 'data'))
  );
}

/**
 * NAB's timestamps are "YYYY-MM-DD HH:MM:SS" (windows add ".ffffff"). Read as
 * UTC so that equal strings give equal instants and the hour of day is the
 * one written in the file (what rhythm buckets should see).
 */
export function parseNabTime(text: string): number {
  const ms = Date.parse(`${text.slice(0, 10)}T${text.slice(11, 19)}Z`);
  if (Number.isNaN(ms)) throw new Error(`NAB timestamp not understood: ${text}`);
  return ms;
}

function readSeries(dir: string, name: string, windowTexts: readonly string[][]): NabSeries {
  const lines = readFileSync(join(dir, 'data', name), 'utf8').split('\n');
  const timestamps: number[] = [];
  const values: number[] = [];
  for (const line of lines.slice(1)) {
    if (line.trim() === '') continue;
    const comma = line.indexOf(',');
    timestamps.push(parseNabTime(line.slice(0, comma)));
    values.push(Number(line.slice(comma + 1)));
  }
  const windows = windowTexts.map(([start, end]) => {
    if (start === undefined || end === undefined) throw new Error(`bad window in ${name}`);
    const limits = [parseNabTime(start), parseNabTime(end)] as const;
    // NAB refuses label files whose window limits are not rows of the data file.
    if (!limits.every((t) => timestamps.includes(t))) {
      throw new Error(`window ${start}..${end} of ${name} is not on the data's timestamps`);
    }
    return limits;
  });
  return { name, timestamps, values, windows };
}

export function loadNabCorpus(dir: string): NabCorpus {
  const labels = JSON.parse(
    readFileSync(join(dir, 'labels', 'combined_windows.json'), 'utf8'),
  ) as Record<string, string[][]>;
  const profilesJson = JSON.parse(
    readFileSync(join(dir, 'config', 'profiles.json'), 'utf8'),
  ) as Record<string, { CostMatrix: CostMatrix }>;
  const series = Object.keys(labels)
    .sort()
    .map((name) => readSeries(dir, name, labels[name] ?? []));
  const profiles = Object.entries(profilesJson).map(([name, p]) => ({
    name,
    cost: {
      tpWeight: p.CostMatrix.tpWeight,
      fpWeight: p.CostMatrix.fpWeight,
      fnWeight: p.CostMatrix.fnWeight,
    },
  }));
  const windowCount = series.reduce((sum, s) => sum + s.windows.length, 0);
  return { dir, series, profiles, windowCount };
}

/** NAB's published final scores (results/final_results.json): detector → profile → score; empty when absent. */
export function loadPublishedResults(dir: string): Record<string, Record<string, number>> {
  const path = join(dir, 'results', 'final_results.json');
  if (!existsSync(path)) return {};
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, Record<string, number>>;
}
