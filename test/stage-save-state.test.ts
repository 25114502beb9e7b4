import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureTopics, runStage, type CommonConfig } from '@vigil/runtime';
import { describe, expect, inject, it } from 'vitest';
import { createStageContext } from './support/stage-context';

const MESSAGES = 300;

describe('a stage’s saved state and its trailing writes (real Kafka)', () => {
  it('never saves state covering a batch whose rows are not written yet', async () => {
    const id = randomUUID().slice(0, 8);
    const topic = `t.save_${id}`;
    const { context, kafka, failures, stop } = createStageContext(
      `save_${id}`,
      inject('kafkaBrokers'),
    );
    await ensureTopics(kafka, [{ topic, numPartitions: 1 }]);
    const producer = kafka.producer();
    await producer.connect();
    for (let i = 0; i < MESSAGES; i += 10) {
      const values = Array.from({ length: 10 }, (_, j) => ({ value: String(i + j) }));
      await producer.send({ topic, messages: values });
    }
    await producer.disconnect();

    // What the detector does: state applied in handle, rows written trailing (slowly here), state saved.
    const handled: number[] = [];
    const written = new Set<number>();
    const saves: Array<{ covers: number; unwritten: number }> = [];
    await new Promise<void>((resolve) => {
      void runStage<CommonConfig, number, number[]>(context, {
        topic,
        groupId: `save_${id}`,
        fetch: { maxBytesPerPartition: 256, maxWaitTimeInMs: 50 },
        decode: (message) => ({ ok: true, value: Number(String(message.value)) }),
        handle: (items) => {
          const values = items.map((item) => item.value);
          handled.push(...values);
          return values;
        },
        store: async () => {},
        persist: async (outs) => {
          await sleep(100);
          for (const value of outs.flat()) written.add(value);
        },
        saveState: {
          everyMs: 0,
          save: async () => {
            saves.push({
              covers: handled.length,
              unwritten: handled.filter((value) => !written.has(value)).length,
            });
            if (handled.length === MESSAGES) resolve();
          },
        },
      });
    });
    // The last batch goes on to its commit; stopped after it, the stage has nothing left to write.
    await sleep(500);
    await stop();

    expect(failures).toEqual([]);
    expect(saves.length).toBeGreaterThan(10);
    expect(saves.filter((save) => save.unwritten > 0)).toEqual([]);
  }, 60_000);
});
