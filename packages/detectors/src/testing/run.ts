import type { CoreAnomaly } from '../anomaly';
import type { DetectionConfigInput } from '../config';
import { createDetectionEngine, type DetectionEngine, type DetectorInput } from '../engine';

/** Feeds a stream to a fresh engine (or the given one) and returns every anomaly, flush included. */
export function runStream(
  inputs: readonly DetectorInput[],
  config: DetectionConfigInput = {},
  engine?: DetectionEngine,
): CoreAnomaly[] {
  const target = engine ?? createDetectionEngine(config);
  const anomalies: CoreAnomaly[] = [];
  for (const input of inputs) anomalies.push(...target.ingest(input).anomalies);
  anomalies.push(...target.flush());
  return anomalies;
}

/** The latest version of each anomaly, in the order the anomalies first appeared: what a reader of `anomalies_latest` sees. */
export function latestVersions(anomalies: readonly CoreAnomaly[]): CoreAnomaly[] {
  const latest = new Map<string, CoreAnomaly>();
  for (const anomaly of anomalies) latest.set(anomaly.anomalyId, anomaly);
  return [...latest.values()];
}
