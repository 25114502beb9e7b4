import type { AnomalyRow } from '../anomaly-row';

/** Version `version` of a changed tool definition (id `id`), as the instance holding `agent` writes it. */
export function definitionChangeRow(
  id: string,
  agent: string,
  time: string,
  version: number,
): AnomalyRow {
  return {
    anomaly_id: id,
    detected_at: '2026-03-09 12:00:00',
    event_time: time,
    agent_id: agent,
    kind: 'tool_definition_changed',
    score: 80,
    severity: 'high',
    observed: 'definition h2',
    expected: 'definition h1',
    explanation: `the definition of tool t changed and ${version} agents have called it since`,
    evidence_event_ids: [`ev-${agent}-${version}`],
    count: version,
    version,
  };
}
