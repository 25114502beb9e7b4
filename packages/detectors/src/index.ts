export {
  createDetectionEngine,
  type DetectionEngine,
  type DetectorInput,
  type IngestResult,
} from './engine';
export type { CoreAnomaly } from './anomaly';
export { DEFAULT_MAX_AGENTS, DetectionConfig, type DetectionConfigInput } from './config';
export { DetectionError, type DetectionErrorCode } from './errors';
export {
  normalUpperTailLog10,
  scoreFromLog10P,
  scoreFromProbability,
  severityFromScore,
} from './score';
export { anomalyId } from './anomaly-id';
export { isServerWide } from './cause-ledger';
export type { AgentSnapshot } from './agent-snapshot';
