import type { IsolationAction, Severity } from '@vigil/contracts';

const SEVERITY_RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };
const ACTION_RANK: Record<IsolationAction, number> = { notify: 0, isolate: 1 };

export function severityRank(severity: Severity): number {
  return SEVERITY_RANK[severity];
}

export function actionRank(action: IsolationAction): number {
  return ACTION_RANK[action];
}

export function higherSeverity(a: Severity, b: Severity): Severity {
  return severityRank(b) > severityRank(a) ? b : a;
}

export function strongerAction(a: IsolationAction, b: IsolationAction): IsolationAction {
  return actionRank(b) > actionRank(a) ? b : a;
}
