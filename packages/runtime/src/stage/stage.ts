import type { KafkaMessage } from 'kafkajs';

export type Decoded<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface BatchContext {
  topic: string;
  partition: number;
  /** Messages still unread in the partition after this batch. */
  offsetLag: bigint;
  /** Offset of the batch's first and last message. */
  firstOffset: string;
  lastOffset: string;
}

export interface DecodedMessage<T> {
  value: T;
  message: KafkaMessage;
}

/** A committed position: the next offset to read in a partition. */
export interface Position {
  partition: number;
  offset: string;
}

/**
 * One stage of the pipeline: decode → handle → store → commit. The service
 * supplies these steps; the runtime (`runStage`) owns the loop around them: the
 * order, the commit positions, assignment, timers, back-pressure and outages.
 */
export interface Stage<T, Out> {
  /** The input topic, or several read by one stage (each batch is of one topic: `BatchContext.topic`). */
  topic: string | string[];
  /**
   * The consumer group that shares the topic's partitions and holds the commits.
   * Without one, every instance reads all partitions from the start under a group
   * of its own and commits nothing (a global table, like the identity stream).
   */
  groupId?: string;
  fetch?: { maxBytesPerPartition?: number; maxWaitTimeInMs?: number };
  /** Batches of different partitions fetched at once (default 3). */
  partitionsConcurrently?: number;
  /**
   * The stage keeps no state that batches of different partitions share, so they
   * are handled and stored at once, their round trips overlapping (the collector).
   * Otherwise they take turns in the service's section.
   */
  independentPartitions?: boolean;
  /** Pure: one message → a value, or the reason it goes to the dead-letter topic. */
  decode(message: KafkaMessage, batch: BatchContext): Decoded<T>;
  /**
   * Waits, outside the stage's section, for what the batch needs from another
   * stage of the service (the enricher's identity stream).
   */
  before?(items: DecodedMessage<T>[], batch: BatchContext): Promise<void>;
  /** Runs once per batch and may change the stage's state, so it is never retried. */
  handle(items: DecodedMessage<T>[], batch: BatchContext): Out | Promise<Out>;
  /**
   * Writes what `handle` or `tick` returned. It must be idempotent: it is retried
   * through outages, and a crash before the commit replays the batch.
   */
  store(out: Out): Promise<void>;
  /**
   * Writes that may trail the stage (ClickHouse rows, which take the longest and
   * which nothing downstream waits for): they run while the next batches are read,
   * so `store`'s output (Kafka) is not held back by them, and the outputs of the
   * batches stored meanwhile are written together, in order (at most one write
   * every 250 ms). No partition is committed past a batch whose `persist` is not
   * done. Idempotent, like `store`; retried through outages.
   */
  persist?(outs: Out[]): Promise<void>;
  /**
   * Where each partition may be committed (default: just past every stored batch).
   * A stage that holds events back or saves its state less often commits only as
   * far as what is safely stored. Only for a stage of one topic.
   */
  commitPositions?(): Position[];
  /**
   * State kept beside the input offsets and saved now and then (the detector's changelog, from
   * which a restore skips the input it covers). Saved after a batch or a tick once `everyMs` has passed,
   * and only when the trailing writes of every batch handled so far are done: a save covering a
   * batch whose rows were not written yet would, after a crash, skip the input that makes them.
   */
  saveState?: { everyMs: number; save(): Promise<void> };
  /**
   * On a graceful stop, in turn with the batches and before the last commit: writes what
   * `commitPositions` waits for (the detector saves its state), so that the next owner of the
   * partitions starts where this one stopped.
   */
  beforeLastCommit?(): Promise<void>;
  /**
   * Keeps the partitions close in event time while a backlog is read: one whose newest
   * event is more than `maxAheadMs` ahead of the slowest with input left is paused until
   * that one catches up (see EventTimeAlignment). Only for a grouped stage of one topic.
   */
  align?: { maxAheadMs: number; timeOf(value: T): number };
  /**
   * Runs (in the section, before any batch of it) whenever the group hands out
   * partitions; a stage of several topics gets the partition numbers of all of them.
   */
  onAssign?(partitions: Set<number>): Promise<void>;
  /** Work driven by processing time: its result is stored and committed like a batch's. */
  tick?: { everyMs: number; run(nowMs: number): Out | Promise<Out> };
}
