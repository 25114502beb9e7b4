import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startService, type ServiceName, type ServiceProcess } from '../support/service-process';

/** Where each stopped instance's log goes, to read what a run that differed did (unset: nowhere). */
const LOG_DIR = process.env.VIGIL_FAULT_LOG_DIR;

export const SERVICES: readonly ServiceName[] = ['collector', 'enricher', 'detector'];

/** A service process exited without the fleet stopping it (a crash, or giving up on an outage). */
export class ServiceExitedError extends Error {
  constructor(
    readonly service: ServiceName,
    readonly status: number | null,
    log: string,
  ) {
    super(`${service} exited with status ${status} on its own:\n${log}`);
  }
}

interface Instance {
  service: ServiceName;
  process: ServiceProcess;
  /** Set before the fleet stops it, so its exit is not taken for a crash. */
  stopping: boolean;
}

/**
 * The running service processes of one pipeline, as an operator sees them: instances
 * join and leave, and one that exits without being asked to fails the run at once
 * (with its last log lines) instead of letting a drain wait out its timeout.
 */
export class ServiceFleet {
  private readonly instances: Instance[] = [];
  private failUnexpected: (error: Error) => void = () => {};
  private readonly unexpectedExit = new Promise<never>((_, reject) => {
    this.failUnexpected = reject;
  });

  constructor(private readonly env: Record<string, string>) {
    this.unexpectedExit.catch(() => {});
  }

  async start(service: ServiceName): Promise<void> {
    const instance: Instance = {
      service,
      process: await startService(service, this.env),
      stopping: false,
    };
    this.instances.push(instance);
    void instance.process.exited.then((code) => {
      if (instance.stopping) return;
      const log = instance.process.output.join('').slice(-2_000);
      this.failUnexpected(new ServiceExitedError(service, code, log));
    });
  }

  /** Stops the oldest running instance of `service` (SIGTERM: it leaves; SIGKILL: it dies). */
  async stopOldest(service: ServiceName, signal: NodeJS.Signals): Promise<void> {
    const index = this.instances.findIndex((i) => i.service === service);
    if (index < 0) throw new Error(`no ${service} running`);
    const [instance] = this.instances.splice(index, 1) as [Instance];
    instance.stopping = true;
    await instance.process.stop(signal);
    keepLog(instance);
  }

  count(service: ServiceName): number {
    return this.instances.filter((i) => i.service === service).length;
  }

  /** The HTTP port of a running instance of `service` (for /metrics). */
  portOf(service: ServiceName): number | undefined {
    return this.instances.find((i) => i.service === service)?.process.port;
  }

  /** `work`, failed as soon as any instance exits on its own. */
  watch<T>(work: Promise<T>): Promise<T> {
    return Promise.race([work, this.unexpectedExit]);
  }

  async stopAll(): Promise<void> {
    const all = this.instances.splice(0);
    for (const instance of all) instance.stopping = true;
    await Promise.all(all.map((i) => i.process.stop()));
    all.forEach(keepLog);
  }
}

let logsKept = 0;

function keepLog(instance: Instance): void {
  if (LOG_DIR === undefined) return;
  mkdirSync(LOG_DIR, { recursive: true });
  const name = `${String(++logsKept).padStart(3, '0')}-${instance.service}.log`;
  writeFileSync(join(LOG_DIR, name), instance.process.output.join(''));
}
