import Fastify, { type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

export interface HealthServerOptions {
  port: number;
  host?: string;
  registry: Registry;
  /** Ready means: joined the consumer group and the stores answer. */
  isReady: () => boolean;
}

/** /healthz (the process is alive), /readyz (it can do its work) and Prometheus /metrics. */
export async function startHealthServer(options: HealthServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) =>
    options.isReady() ? { status: 'ready' } : reply.code(503).send({ status: 'starting' }),
  );
  app.get('/metrics', async (_request, reply) =>
    reply.type(options.registry.contentType).send(await options.registry.metrics()),
  );
  await app.listen({ port: options.port, host: options.host ?? '0.0.0.0' });
  return app;
}
