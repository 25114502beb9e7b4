import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { eventually } from './isolated-pipeline';

const ROOT = join(import.meta.dirname, '../..');

/** A Vigil service running as a real child process, as it runs in production. */
export interface ServiceProcess {
  port: number;
  process: ChildProcess;
  /** Lines the service wrote (pino JSON), for assertions and for failure messages. */
  output: string[];
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export type ServiceName = 'collector' | 'enricher' | 'detector' | 'incidents';

export async function startService(
  service: ServiceName,
  env: Record<string, string>,
): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      // Extra node flags for the services only (e.g. `--cpu-prof`, which NODE_OPTIONS refuses).
      ...(process.env.VIGIL_SERVICE_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      '--import',
      'tsx',
      join(ROOT, `services/${service}/src/main.ts`),
    ],
    {
      cwd: ROOT,
      env: { ...process.env, ...env, VIGIL_HTTP_PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const ready = await eventually(async () => {
    const response = await fetch(`http://127.0.0.1:${port}/readyz`);
    return response.ok;
  }, 90_000);
  if (!ready) {
    child.kill('SIGKILL');
    throw new Error(`${service} did not become ready:\n${output.join('').slice(-4000)}`);
  }
  return {
    port,
    process: child,
    output,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
