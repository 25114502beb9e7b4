import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inject } from 'vitest';

const run = promisify(execFile);
const STACK_SCRIPTS = join(import.meta.dirname, '../../scripts/stack');

export type StackPart = 'kafka' | 'clickhouse';

/**
 * Stops or starts one server of the local stack through its own script
 * (`scripts/stack/<part>.sh stop|start`), which reads the same VIGIL_* ports as `up.sh`.
 */
export async function stackPart(part: StackPart, action: 'stop' | 'start'): Promise<void> {
  await run('bash', [join(STACK_SCRIPTS, `${part}.sh`), action], { timeout: 120_000 });
}

/**
 * Whether the servers the tests use are the local stack these scripts control: taking
 * away someone else's Kafka (an existing stack, or testcontainers) is not the test's to do.
 */
export async function testsUseLocalStack(): Promise<boolean> {
  const { stdout } = await run('bash', [
    '-c',
    `unset KAFKA_BROKERS CLICKHOUSE_URL; source ${join(STACK_SCRIPTS, 'env.sh')}; echo "$KAFKA_BROKERS $CLICKHOUSE_URL"`,
  ]);
  return stdout.trim() === `${inject('kafkaBrokers')} ${inject('clickhouseUrl')}`;
}

/** One server of the stack away for `outageMs`, then back (started again even if stopping failed halfway). */
export async function stackOutage(part: StackPart, outageMs: number): Promise<void> {
  try {
    await stackPart(part, 'stop');
    await new Promise((resolve) => setTimeout(resolve, outageMs));
  } finally {
    await stackPart(part, 'start');
  }
}
