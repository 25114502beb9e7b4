import { runStage, type ServiceContext } from '@vigil/runtime';
import type { createAgentChangelog } from './agent-changelog';
import type { DetectorConfig } from './config';

interface SavedAgent {
  agentId: string;
  value: Buffer | null;
}

/**
 * The population's counts cover the whole fleet: every instance reads every
 * partition of the changelog as it is written, under a group of its own (a
 * global table, like the enricher's identity stream), and counts the agents
 * other instances hold from the snapshots they save. A judgment then reads the
 * same population however the partitions are shared out, lagging the other
 * instances by their save interval (DETECTOR_STATE_SAVE_INTERVAL_MS).
 */
export async function followFleetPopulation(
  context: ServiceContext<DetectorConfig>,
  changelog: ReturnType<typeof createAgentChangelog>,
): Promise<void> {
  await runStage<DetectorConfig, SavedAgent | null, void>(context, {
    topic: context.config.VIGIL_TOPIC_DETECTOR_STATE,
    fetch: { maxWaitTimeInMs: 250 },
    // Parsed in `handle`, and only for agents held elsewhere: most entries are this instance's own.
    decode: (message) => {
      const agentId = message.key?.toString();
      return { ok: true, value: agentId ? { agentId, value: message.value } : null };
    },
    // Entries of the agents this instance restores are not worth parsing as another's first.
    before: () => changelog.followed,
    handle: (items) => {
      for (const { value } of items) if (value) changelog.saved(value.agentId, value.value);
    },
    store: async () => {},
  });
}
