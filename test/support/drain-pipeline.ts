import type { IsolatedPipeline } from './isolated-pipeline';
import { waitForGroupToDrain } from './wait-for-group';

/** Waits until collector, enricher and detector have each committed all of their input. */
export async function drainPipeline(pipeline: IsolatedPipeline): Promise<boolean> {
  const stages = [
    ['COLLECTOR_GROUP_ID', pipeline.topics.audit],
    ['ENRICHER_GROUP_ID', pipeline.topics.accepted],
    ['DETECTOR_GROUP_ID', pipeline.topics.enriched],
  ] as const;
  for (const [group, topic] of stages) {
    if (!(await waitForGroupToDrain(pipeline.kafka, pipeline.env[group] as string, topic)))
      return false;
  }
  return true;
}
