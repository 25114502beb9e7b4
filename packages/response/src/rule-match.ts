import type { Anomaly, IsolationAction } from '@vigil/contracts';
import type { IsolationPolicy } from './policy';
import { strongerAction } from './severity';

/**
 * The action the policy asks for on one anomaly, or undefined when no rule matches.
 * The strongest matching action wins; an allow-listed agent is never isolated
 * automatically, only notified about.
 */
export function actionFor(policy: IsolationPolicy, anomaly: Anomaly): IsolationAction | undefined {
  let action: IsolationAction | undefined;
  for (const rule of policy.rules) {
    const kindMatches = rule.kinds === '*' || rule.kinds.includes(anomaly.kind);
    if (kindMatches && anomaly.score >= rule.minScore) {
      action = action === undefined ? rule.action : strongerAction(action, rule.action);
    }
  }
  if (action === 'isolate' && policy.neverIsolate.includes(anomaly.agentId)) return 'notify';
  return action;
}
