export { StreamingError, type StreamingErrorCode } from './errors';
export {
  assignWindows,
  hoppingWindows,
  latestWindowStart,
  tumblingWindows,
  type WindowSpec,
} from './window-spec';
export { PartitionedWatermark, type WatermarkOptions } from './watermark';
export {
  KeyedWindowStore,
  createWindowsMemo,
  type KeyedWindow,
  type WindowsMemo,
} from './keyed-windows';
export { SeenIds } from './seen-ids';
export { parseEventTime } from './event-time';
export { mulberry32, seededRandom } from './seeded-random';
