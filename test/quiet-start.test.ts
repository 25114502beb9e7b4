import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedPipeline, type IsolatedPipeline } from './support/isolated-pipeline';
import { startService, type ServiceName, type ServiceProcess } from './support/service-process';

/** pino's levels: 40 warn, 50 error, 60 fatal. */
const WARN = 40;

/** The JSON log lines of a service at warn or above (a stray non-JSON line counts too). */
function loudLines(service: ServiceProcess): string[] {
  return service.output
    .join('')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .filter((line) => {
      try {
        return ((JSON.parse(line) as { level?: number }).level ?? 0) >= WARN;
      } catch {
        return true;
      }
    });
}

describe('a healthy start', () => {
  let pipeline: IsolatedPipeline;
  const services: ServiceProcess[] = [];

  beforeAll(async () => {
    pipeline = await createIsolatedPipeline('quiet');
  });

  afterAll(async () => {
    await Promise.all(services.map((service) => service.stop()));
    await pipeline?.close();
  });

  it('logs no warning or error: no kafkajs broker answers a retry waits out, no outage', async () => {
    // All together, as a deployment starts them: each creates its own topics and groups at once.
    const names: ServiceName[] = ['collector', 'enricher', 'detector', 'incidents'];
    const env = { ...pipeline.env, LOG_LEVEL: 'info' };
    services.push(...(await Promise.all(names.map((name) => startService(name, env)))));
    await Promise.all(services.map((service) => service.stop()));
    const loud = services.flatMap(loudLines);
    expect(loud, loud.join('\n')).toEqual([]);
  });
});
