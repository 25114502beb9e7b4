import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');
const STACK_DIR = process.env.VIGIL_STACK_DIR ?? join(ROOT, '.stack');

/**
 * One server of the local stack (`scripts/stack/`), stopped and started the way
 * an operator would: SIGTERM to its process, then the stack's own start script.
 */
export interface StackServer {
  /** Whether this stack's script started it here (tests that stop it need that). */
  local: boolean;
  stop(): Promise<void>;
  start(): void;
}

function stackServer(name: 'clickhouse' | 'kafka'): StackServer {
  const pidFile = join(STACK_DIR, name, `${name}.pid`);
  const pid = () => Number(readFileSync(pidFile, 'utf8').trim());
  const alive = (id: number) => {
    try {
      process.kill(id, 0);
      return true;
    } catch {
      return false;
    }
  };
  return {
    local: existsSync(pidFile) && alive(pid()),
    async stop() {
      const id = pid();
      process.kill(id, 'SIGTERM');
      for (let i = 0; i < 60 && alive(id); i++) await new Promise((r) => setTimeout(r, 500));
      if (alive(id)) process.kill(id, 'SIGKILL');
    },
    start() {
      execFileSync('bash', [join(ROOT, `scripts/stack/${name}.sh`)], { stdio: 'ignore' });
    },
  };
}

export const localClickHouse = () => stackServer('clickhouse');
export const localKafka = () => stackServer('kafka');
