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
