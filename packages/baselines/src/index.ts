export { BaselineError, type BaselineErrorCode } from './errors';
export {
  MOMENTS_STRIDE,
  decayForHalfLife,
  mergeMoments,
  momentsCount,
  momentsMean,
  momentsSd,
  observeMoments,
} from './decayed-moments';
export { RHYTHM_BUCKETS, describeRhythmBucket, rhythmBucket } from './rhythm-bucket';
export { poolExpectations, populationRatio, type Expectation } from './expectation';
export {
  WindowRateBaseline,
  type WindowRateOptions,
  type WindowRateSnapshot,
} from './window-rates';
export { uriShape } from './uri-shape';
export {
  DEFAULT_RESOURCE_TREE_OPTIONS,
  KnownGround,
  ResourceTree,
  type FirstStep,
  type ResourceTreeOptions,
} from './resource-tree';
export { NoveltySet, noveltyProbability } from './novelty';
export {
  log10Size,
  observeSize,
  sizeDecay,
  sizeExpectation,
  type SizeExpectation,
} from './size-baseline';
export {
  SurpriseHistory,
  type SurpriseHistoryOptions,
  type SurpriseHistorySnapshot,
} from './surprise-history';
