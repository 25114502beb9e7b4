import { PipelineEvent } from '@vigil/contracts';
import { createDetectionEngine, type CoreAnomaly } from '@vigil/detectors';
import {
  consumerLag,
  createSerialQueue,
  decodeJson,
  runConsumeLoop,
  runService,
} from '@vigil/runtime';
import { createAgentChangelog } from './agent-changelog';
import { createAnomalyOutput } from './anomaly-output';
import { DetectorConfig } from './config';
import { createIsolationDesk } from './isolation-desk';
import { PartitionActivity } from './partition-activity';

const TICK_MS = 500;
/** A caught-up partition silent this long (processing time) stops holding the watermark back. */
const PARTITION_IDLE_AFTER_MS = 120_000;
/** Agent state is written to the changelog at most this often; offsets are committed as far as it covers. */
const STATE_SAVE_INTERVAL_MS = 2_000;

await runService(
  'detector',
  DetectorConfig,
  async (context) => {
    const { config, logger, metrics } = context;
    const engine = createDetectionEngine((config.VIGIL_DETECTION_CONFIG ?? {}) as object);
    const storeAnomalies = createAnomalyOutput(context);
    const desk = await createIsolationDesk(context);
    const changelog = createAgentChangelog(context, engine, desk.policy);
    const serial = createSerialQueue();
    const topic = config.VIGIL_TOPIC_ENRICHED;

    const consumer = context.createConsumer({
      groupId: config.DETECTOR_GROUP_ID,
      // Small per-partition batches keep partitions close together in event time while a backlog is read.
      maxBytesPerPartition: 512 * 1024,
      maxWaitTimeInMs: 100,
    });
    // State follows partitions: each assignment restores the agents of the partitions now held.
    // Which partitions hold the watermark back follows their lag and recent input.
    const activity = new PartitionActivity(PARTITION_IDLE_AFTER_MS);
    const applyActivity = () => {
      for (const [partition, holds] of activity.holding(Date.now())) {
        engine.setPartitionBacklog(partition, holds);
      }
    };
    const admin = context.kafka.admin();
    await admin.connect();
    context.onStop(() => admin.disconnect());
    // Outside the serial queue: it only reads Kafka, then applies synchronously.
    const refreshLag = async () => {
      activity.updateLag(await consumerLag(admin, config.DETECTOR_GROUP_ID, topic));
      applyActivity();
    };

    // State follows partitions: each assignment restores the agents of the partitions now held.
    let following: Promise<void> = Promise.resolve();
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      const partitions = new Set(payload.memberAssignment[topic] ?? []);
      following = serial(async () => {
        await changelog.follow(partitions);
        engine.assignPartitions(partitions);
        activity.assign(partitions, Date.now());
        await refreshLag();
      }).then(() => context.setReady(true));
      following.catch(context.fail);
    });
    await consumer.connect();

    // State is saved every few seconds; offsets follow what the saved state covers.
    const saveAndCommit = async () => {
      if (!(await changelog.saveIfDue(Date.now(), STATE_SAVE_INTERVAL_MS))) return;
      const positions = changelog.committablePositions().map((p) => ({ topic, ...p }));
      if (positions.length > 0) await consumer.commitOffsets(positions);
    };
    const timer = setInterval(
      () =>
        void Promise.all([
          serial(() => Promise.all([desk.tick(), saveAndCommit()])),
          refreshLag(),
        ]).catch(context.fail),
      TICK_MS,
    );
    context.onStop(async () => clearInterval(timer));

    await runConsumeLoop({
      consumer,
      producer: context.producer,
      topic,
      deadLetterTopic: config.VIGIL_TOPIC_DLQ,
      decode: (message) => decodeJson(PipelineEvent, message.value),
      handle: async (items, batch) => {
        await following;
        await serial(async () => {
          const found: CoreAnomaly[] = [];
          const applied = new Map<string, { partition: number; offset: string }>();
          let late = 0;
          for (const { value, message } of items) {
            const { event, enrichment, reassessed } = value;
            if (changelog.alreadyApplied(event.agentId, message.offset)) continue;
            applied.set(event.agentId, { partition: batch.partition, offset: message.offset });
            const input = { event, enrichment, partition: batch.partition };
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
          const anomalies = await storeAnomalies(found);
          await desk.offer(anomalies);
          changelog.applied(applied, batch.partition, batch.lastOffset);
          await changelog.saveIfDue(Date.now(), STATE_SAVE_INTERVAL_MS);
        });
        if (logger.isLevelEnabled('debug')) logger.debug({ stats: engine.stats() }, 'batch scored');
      },
      commitOffset: (batch) => changelog.committable(batch.partition),
      onFatal: context.fail,
      logger,
      metrics,
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
  ],
);
