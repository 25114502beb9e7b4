import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Linux's clock ticks per second for /proc times (CLK_TCK; 100 on every mainstream kernel). */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far; undefined where /proc cannot tell. */
export function cpuSeconds(pid: number | undefined): number | undefined {
  const times = cpuTimes(pid);
  return times && times.user + times.system;
}

/** A process's CPU seconds so far, in user space and in the kernel on its behalf. */
export function cpuTimes(pid: number | undefined): { user: number; system: number } | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces, so it is skipped by its closing paren).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return {
      user: Number(fields[11]) / TICKS_PER_SECOND,
      system: Number(fields[12]) / TICKS_PER_SECOND,
    };
  } catch {
    return undefined;
  }
}

/** The local stack's Kafka and ClickHouse processes, from the pid files its scripts write. */
export function stackPids(): Record<'kafka' | 'clickhouse', number | undefined> {
  const dir = process.env.VIGIL_STACK_DIR ?? join(import.meta.dirname, '../../.stack');
  const pidIn = (file: string) => {
    try {
      return Number(readFileSync(join(dir, file), 'utf8').trim()) || undefined;
    } catch {
      return undefined;
    }
  };
  return { kafka: pidIn('kafka/kafka.pid'), clickhouse: pidIn('clickhouse/clickhouse.pid') };
}
