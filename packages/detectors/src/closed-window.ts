import type { AgentState } from './agent-state';
import type { DetectionConfig } from './config';
import type { WindowScale } from './scales';
import type { WindowAggregate } from './window-aggregate';

/** One agent's window that the watermark just closed: what every window kind judges. */
export interface ClosedWindow {
  readonly agent: AgentState;
  readonly start: number;
  readonly end: number;
  readonly window: WindowAggregate;
  readonly config: DetectionConfig;
  /** Its scale: the floors it is judged with and the prefix of its anomaly keys. */
  readonly scale: WindowScale;
}
