import type { DetectionEngine } from '@vigil/detectors';
import type { PolicyEngine } from '@vigil/response';
import { decodeJson, readCompactedTopic, sendInChunks, type ServiceContext } from '@vigil/runtime';
import { z } from 'zod';
import type { DetectorConfig } from './config';

/**
 * One changelog value: an agent's engine and isolation-policy state and the
 * input position they reflect. An agent the engine evicted (DETECTOR_MAX_AGENTS)
 * keeps an entry without engine state while its policy state lasts.
 */
const ChangelogEntry = z.object({
  partition: z.number().int(),
  offset: z.string(),
  state: z.unknown(),
  policy: z.unknown().optional(),
});

/**
 * Baseline and isolation-policy state survive restarts and follow partitions
 * through a compacted changelog topic keyed by agent id: the agents changed since
 * the last save are written, before the input offsets are committed. A restored agent skips input
 * at or before the position its state already reflects, so nothing counts twice.
 * An agent the engine evicted gets a tombstone once nothing of it is left,
 * so that no restore brings it back.
 */
export function createAgentChangelog(
  context: ServiceContext<DetectorConfig>,
  engine: DetectionEngine,
  policy: PolicyEngine,
) {
  const { kafka, producer, config, logger } = context;
  const topic = config.VIGIL_TOPIC_DETECTOR_STATE;
  const position = new Map<string, { partition: number; offset: bigint }>();
  // Input applied since the last save, and how far each partition's input is covered by saved state.
  const appliedSinceSave = new Map<string, { partition: number; offset: string }>();
  const consumedThrough = new Map<number, string>();
  const savedThrough = new Map<number, string>();
  // Changed agents not saved yet: kept until their write succeeds, so a save retried after an outage loses none.
  const unsaved = new Set<string>();
  let firstFollowed: () => void = () => {};
  const followed = new Promise<void>((resolve) => (firstFollowed = resolve));
  // Batches applied, and the last of them stored: a batch a stop cut short between the two
  // left the engine ahead of what it published, and saving that would skip its anomalies.
  let appliedBatches = 0;
  let storedBatch = 0;
  const saveNow = async () => {
    await save();
    for (const [partition, offset] of consumedThrough) savedThrough.set(partition, offset);
  };

  return {
    /** Restores the agents of `partitions` not held yet, and drops the agents of partitions no longer held. */
    async follow(partitions: Set<number>): Promise<void> {
      for (const [agentId, at] of position) {
        if (!partitions.has(at.partition)) {
          engine.dropAgent(agentId);
          policy.dropAgent(agentId);
          position.delete(agentId);
        }
      }
      const { latest, unreadable } = await readCompactedTopic(kafka, topic, ChangelogEntry);
      let restored = 0;
      for (const [agentId, entry] of latest) {
        if (!partitions.has(entry.partition)) {
          countRemote(agentId, entry);
          continue;
        }
        if (position.has(agentId)) continue;
        if (entry.state !== undefined) engine.restoreAgent(agentId, entry.state);
        if (entry.policy !== undefined) policy.restoreAgent(entry.policy);
        position.set(agentId, { partition: entry.partition, offset: BigInt(entry.offset) });
        restored++;
      }
      logger.info(
        { restored, unreadable, partitions: [...partitions] },
        'agent baselines restored',
      );
      firstFollowed();
    },

    /** Resolves once the first assignment's agents are restored: until then every agent looks held elsewhere. */
    followed,

    /**
     * A changelog entry read as it is written, by this instance or another (see
     * fleet-population): an agent held elsewhere counts in the population from it.
     */
    saved(agentId: string, value: Buffer | null): void {
      if (position.has(agentId)) return;
      if (value === null) {
        engine.setRemoteAgent(agentId, undefined);
        return;
      }
      const entry = decodeJson(ChangelogEntry, value);
      if (entry.ok) countRemote(agentId, entry.value);
      else logger.warn({ agentId, reason: entry.reason }, 'unreadable changelog entry');
    },

    /** Whether this input was already applied to the agent's restored state. */
    alreadyApplied(agentId: string, offset: string): boolean {
      const at = position.get(agentId);
      return at !== undefined && BigInt(offset) <= at.offset;
    },

    /** Notes a batch as applied to the engine (its agents' positions, and how far the partition was read); returns its number. */
    applied(
      agents: Map<string, { partition: number; offset: string }>,
      partition: number,
      lastOffset: string,
    ) {
      for (const [agentId, at] of agents) appliedSinceSave.set(agentId, at);
      consumedThrough.set(partition, lastOffset);
      return ++appliedBatches;
    },

    /** Notes that what batch `applied` numbered found is stored (published, alerts raised). */
    stored(batch: number) {
      storedBatch = batch;
    },

    /**
     * Saves the agents changed since the last save; offsets may then be committed. The stage
     * calls it every few seconds, not every batch (snapshots are the expensive part), once the
     * rows of what it covers are written.
     */
    save: saveNow,

    /**
     * On a graceful stop: saves what was applied and stored since the last save (pending alert
     * groups included), so its offsets are committed and the next owner restores it rather than
     * scoring the input again, which other agents' state could now judge differently.
     */
    async saveBeforeStop(): Promise<void> {
      if (storedBatch !== appliedBatches) {
        logger.warn('stopping mid-batch: state not saved; the next owner reads from the last save');
        return;
      }
      await saveNow();
    },

    /** Per partition, the offset to commit: just past the input its saved state covers. */
    committablePositions(): Array<{ partition: number; offset: string }> {
      return [...savedThrough].map(([partition, offset]) => ({
        partition,
        offset: (BigInt(offset) + 1n).toString(),
      }));
    },
  };

  /**
   * Writes the state of every agent changed or evicted since the last save,
   * tagged with the input it reflects; an evicted agent with no policy state
   * left, a tombstone.
   */
  async function save(): Promise<void> {
    for (const agentId of engine.takeDirtyAgents()) unsaved.add(agentId);
    for (const agentId of policy.takeChangedAgents()) unsaved.add(agentId);
    for (const agentId of engine.takeEvictedAgents()) unsaved.add(agentId);
    const messages = [];
    for (const agentId of unsaved) {
      const at = appliedSinceSave.get(agentId) ?? positionOf(agentId);
      const state = engine.snapshotAgent(agentId);
      const policyState = policy.snapshotAgent(agentId);
      if (state === undefined && policyState === undefined) {
        // Held here (its partition was not given up) and gone from both: evicted.
        if (position.delete(agentId)) messages.push({ key: agentId, value: null });
        continue;
      }
      if (!at) continue;
      position.set(agentId, { partition: at.partition, offset: BigInt(at.offset) });
      const entry = { ...at, state, policy: policyState };
      messages.push({ key: agentId, value: JSON.stringify(entry) });
    }
    await sendInChunks(producer, topic, messages);
    unsaved.clear();
    appliedSinceSave.clear();
  }

  function countRemote(agentId: string, entry: z.output<typeof ChangelogEntry>): void {
    try {
      engine.setRemoteAgent(agentId, entry.state);
    } catch (error) {
      logger.warn({ agentId, err: error }, 'snapshot of an agent held elsewhere not counted');
    }
  }

  function positionOf(agentId: string) {
    const at = position.get(agentId);
    return at ? { partition: at.partition, offset: at.offset.toString() } : undefined;
  }
}
