import { createHash } from 'node:crypto';
import type { AnomalyKind } from '@vigil/contracts';

/**
 * Deterministic anomaly id: a hash of the kind, the agent, what anchors the
 * anomaly in time (a window start or an event id) and its key within that
 * (a tool, a token, a resource shape). A replay gives the same ids, so the
 * rows downstream are written once.
 */
export function anomalyId(
  kind: AnomalyKind,
  agentId: string,
  anchor: string | number,
  key: string,
): string {
  return createHash('sha256')
    .update(`${kind}\u0000${agentId}\u0000${anchor}\u0000${key}`)
    .digest('hex')
    .slice(0, 32);
}
