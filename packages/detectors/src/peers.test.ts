import { describe, expect, it } from 'vitest';
import type { DetectorInput } from './engine';
import { latestVersions, runStream } from './testing/run';
import { DAY, HOUR, MINUTE, MONDAY, call } from './testing/simulate';

/**
 * Two kinds of agents whose primary server is the same (Kubernetes): SRE agents that also read
 * Grafana, on-call bots that also read PagerDuty. Every 20 minutes of three working days, each agent
 * makes three calls to Kubernetes and one to its second server.
 */
function fleet(): DetectorInput[] {
  const inputs: DetectorInput[] = [];
  const kinds = [
    { name: 'sre', second: 'grafana' },
    { name: 'oncall', second: 'pagerduty' },
  ];
  for (let day = 0; day < 3; day++)
    for (
      let t = MONDAY + day * DAY + 8 * HOUR;
      t < MONDAY + day * DAY + 18 * HOUR;
      t += 20 * MINUTE
    )
      for (const kind of kinds)
        for (let i = 0; i < 12; i++) {
          const agent = `${kind.name}-${i}`;
          const at = t + i * 1_000;
          for (let k = 0; k < 3; k++)
            inputs.push(
              call(agent, at + k * 100, `${agent}-${at}-${k}`, {
                serverId: 'k8s',
                toolName: 'get_pod_logs',
                resourceUri: 'k8s://ns/prod/pods/api/logs',
              }),
            );
          inputs.push(
            call(agent, at + 500, `${agent}-${at}-s`, {
              serverId: kind.second,
              toolName: 'read',
              resourceUri: `${kind.second}://dashboards/main`,
            }),
          );
        }
  return inputs;
}

describe('a new server judged against the agent’s nearest peers', () => {
  it('flags an SRE agent’s first call to PagerDuty, which only the other kind sharing its primary server uses', () => {
    const time = MONDAY + 3 * DAY + 9 * HOUR;
    const first = call('sre-0', time, 'sre-0-pagerduty', {
      serverId: 'pagerduty',
      toolName: 'read',
      resourceUri: 'pagerduty://dashboards/main',
    });
    const found = latestVersions(runStream([...fleet(), first])).filter(
      (anomaly) => anomaly.kind === 'new_resource',
    );
    expect(found).toMatchObject([{ agentId: 'sre-0', evidenceEventIds: ['sre-0-pagerduty'] }]);
  });
});
