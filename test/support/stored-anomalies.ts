import type { AnomalyKind } from '@vigil/contracts';
import { CLOCK_AGENT } from './clock-events';
import type { IsolatedPipeline } from './isolated-pipeline';

/**
 * The anomalies a pipeline stored, in the evaluator's shape (the test clock's own left out):
 * the latest version of each, one per cause.
 */
export async function storedAnomalies(pipeline: IsolatedPipeline) {
  const rows = await pipeline.rows<{
    agent_id: string;
    kind: AnomalyKind;
    event_time: string;
    evidence_event_ids: string[];
    explanation: string;
    count: number;
    version: number;
  }>(
    'SELECT agent_id, kind, event_time, evidence_event_ids, explanation, count, version FROM {db}.anomalies FINAL',
  );
  return rows
    .filter((row) => row.agent_id !== CLOCK_AGENT)
    .map((row) => ({
      agentId: row.agent_id,
      kind: row.kind,
      eventTime: `${row.event_time.replace(' ', 'T')}Z`,
      evidenceEventIds: row.evidence_event_ids,
      explanation: row.explanation,
      count: Number(row.count),
      version: Number(row.version),
    }));
}
