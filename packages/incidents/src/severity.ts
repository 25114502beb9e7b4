import type { Severity } from '@vigil/contracts';

const RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

export function higherSeverity(a: Severity, b: Severity): Severity {
  return RANK[b] > RANK[a] ? b : a;
}
