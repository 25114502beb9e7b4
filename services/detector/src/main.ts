import {
  decodeEnvelope,
  type Anomaly,
  type IsolationAlert,
  type PipelineEnvelope,
} from '@vigil/contracts';
import { createDetectionEngine, type CoreAnomaly } from '@vigil/detectors';
import { consumerLag, runService, runStage } from '@vigil/runtime';
import { Counter } from 'prom-client';
import { createAgentChangelog } from './agent-changelog';
import { registerAgentMetrics } from './agent-metrics';
import { createAnomalyOutput } from './anomaly-output';
import { DetectorConfig } from './config';
import { followFleetPopulation } from './fleet-population';
import { startIsolationCommands } from './isolation-commands';
import { createIsolationDesk } from './isolation-desk';
import { PartitionActivity } from './partition-activity';

/**
 * What one batch or tick leaves to store. The steps done are kept on it, so a
 * store retried after an outage resumes where it stopped: anomalies published once
 * are not decided again, and alerts decided once are raised, not lost.
 */
interface DetectorOutput {
  found: CoreAnomaly[];
  /** The anomalies as published (stamped), once they are on the topic. */
  stored?: Anomaly[];
  alerts?: IsolationAlert[];
  /** The batch's number in the changelog (a tick has none). */
  batch?: number;
}

// The detector's stage: enriched events scored per agent; anomalies stored, alerts raised, state saved.
await runService(
  'detector',
  DetectorConfig,
  async (context) => {
    const { config, logger, metrics } = context;
    const engine = createDetectionEngine({
      ...config.VIGIL_DETECTION_CONFIG,
      allowedLatenessMs: config.VIGIL_ALLOWED_LATENESS_MS,
      maxAgents: config.DETECTOR_MAX_AGENTS,
    });
    registerAgentMetrics(metrics.registry, engine);
    const anomalies = createAnomalyOutput(context);
    const anchorConflicts = new Counter({
      name: 'vigil_detector_anchor_conflicts_total',
      help: 'Server-wide anomalies two instances stored first at the same moment under two anchors, then settled on one',
      registers: [metrics.registry],
    });
    const desk = await createIsolationDesk(context);
    const changelog = createAgentChangelog(context, engine, desk.policy);
    const topic = config.VIGIL_TOPIC_ENRICHED;

    // Which partitions hold the watermark back follows their lag and recent input.
    const activity = new PartitionActivity(config.DETECTOR_PARTITION_IDLE_MS);
    const applyActivity = () => {
      for (const [partition, holds] of activity.holding(Date.now())) {
        engine.setPartitionBacklog(partition, holds);
      }
    };
    const admin = context.kafka.admin();
    await admin.connect();
    context.onStop(() => admin.disconnect());
    const refreshLag = async () => {
      // While Kafka is out the last known lag stands.
      const lag = await consumerLag(admin, config.DETECTOR_GROUP_ID, topic).catch(() => undefined);
      if (lag) activity.updateLag(lag);
      applyActivity();
    };

    await startIsolationCommands(context, desk);
    await followFleetPopulation(context, changelog);
    await runStage<DetectorConfig, PipelineEnvelope, DetectorOutput>(context, {
      topic,
      groupId: config.DETECTOR_GROUP_ID,
      // Small per-partition batches keep partitions close together in event time while a backlog is read.
      fetch: { maxBytesPerPartition: 512 * 1024, maxWaitTimeInMs: 100 },
      decode: (message) => decodeEnvelope(message.value),
      align: { maxAheadMs: config.DETECTOR_MAX_PARTITION_SKEW_MS, timeOf: (value) => value.timeMs },
      // State follows partitions: each assignment restores the agents of the partitions now held.
      onAssign: async (partitions) => {
        await changelog.follow(partitions);
        engine.assignPartitions(partitions);
        activity.assign(partitions, Date.now());
        await refreshLag();
      },
      handle: (items, batch) => {
        const found: CoreAnomaly[] = [];
        const applied = new Map<string, { partition: number; offset: string }>();
        let late = 0;
        for (const { value, message } of items) {
          const { event, enrichment, reassessed, timeMs } = value;
          if (changelog.alreadyApplied(event.agentId, message.offset)) continue;
          applied.set(event.agentId, { partition: batch.partition, offset: message.offset });
          const input = { event, enrichment, partition: batch.partition, timeMs };
          if (reassessed) {
            found.push(...engine.reassess(input));
            continue;
          }
          const result = engine.ingest(input);
          if (result.late) late++;
          found.push(...result.anomalies);
        }
        activity.delivered(batch.partition, batch.offsetLag, Date.now());
        applyActivity();
        metrics.late.inc({ topic }, late);
        metrics.accepted.inc({ topic }, items.length - late);
        const appliedBatch = changelog.applied(applied, batch.partition, batch.lastOffset);
        if (logger.isLevelEnabled('debug')) logger.debug({ stats: engine.stats() }, 'batch scored');
        return { found, batch: appliedBatch };
      },
      store: async (out) => {
        out.stored ??= await anomalies.publish(out.found);
        out.alerts ??= desk.decide(out.stored, Date.now());
        await desk.raise(out.alerts);
        if (out.batch !== undefined) changelog.stored(out.batch);
      },
      // The rows trail: on-call's topic and webhooks do not wait for the analysts' copy.
      persist: async (outs) => {
        anchorConflicts.inc(await anomalies.storeRows(outs.flatMap((out) => out.stored ?? [])));
      },
      // Offsets follow what the saved state covers, and a save what the rows cover.
      saveState: { everyMs: config.DETECTOR_STATE_SAVE_INTERVAL_MS, save: changelog.save },
      commitPositions: changelog.committablePositions,
      beforeLastCommit: changelog.saveBeforeStop,
      tick: {
        everyMs: config.DETECTOR_TICK_MS,
        run: async (nowMs) => {
          await refreshLag();
          return { found: [], stored: [], alerts: desk.due(nowMs) };
        },
      },
    });
  },
  (config) => [
    {
      topic: config.VIGIL_TOPIC_DETECTOR_STATE,
      numPartitions: config.VIGIL_TOPIC_PARTITIONS,
      compacted: true,
      maxMessageBytes: 8 * 1024 * 1024,
    },
    {
      topic: config.VIGIL_TOPIC_OUTBOX,
      numPartitions: config.VIGIL_TOPIC_PARTITIONS,
      compacted: true,
      maxMessageBytes: 4 * 1024 * 1024,
    },
    { topic: config.VIGIL_TOPIC_ISOLATION_COMMANDS, numPartitions: config.VIGIL_TOPIC_PARTITIONS },
  ],
);
