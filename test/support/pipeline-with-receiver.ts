import { startAlertReceiver } from './alert-receiver';
import { createIsolatedPipeline, type IsolatedPipeline } from './isolated-pipeline';
import { startService, type ServiceProcess } from './service-process';

/** The pipeline's environment with the detector's webhooks going to `url`, signed with `secret`. */
export function withWebhookTarget(
  pipeline: IsolatedPipeline,
  url: string,
  secret: string,
): Record<string, string> {
  return {
    ...pipeline.env,
    VIGIL_WEBHOOK_TARGETS: JSON.stringify([{ name: 'gateway', kind: 'webhook', url }]),
    VIGIL_WEBHOOK_SECRET: secret,
  };
}

/** The three services on their own topics, with the detector's webhooks going to a local receiver. */
export async function startPipelineWithReceiver(name: string, secret: string) {
  const receiver = await startAlertReceiver();
  const pipeline: IsolatedPipeline = await createIsolatedPipeline(name);
  const env = withWebhookTarget(pipeline, receiver.url, secret);
  const services: ServiceProcess[] = [];
  for (const service of ['collector', 'enricher', 'detector'] as const) {
    services.push(await startService(service, env));
  }
  return {
    pipeline,
    receiver,
    env,
    services,
    async stop() {
      await Promise.all(services.map((s) => s.stop()));
      await pipeline.close();
      await receiver.close();
    },
  };
}
