import type { Logger } from './logger';

/**
 * Runs `stop` once on SIGTERM or SIGINT (or a fatal error), then exits. Stopping
 * the consumer first lets the batch in hand finish and commit.
 */
export function installShutdown(
  logger: Logger,
  stop: () => Promise<void>,
): (reason: string, exitCode?: number) => void {
  let stopping = false;
  const shutdown = (reason: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'shutting down');
    const force = setTimeout(() => process.exit(exitCode || 1), 15_000);
    force.unref();
    stop()
      .catch((error: unknown) => logger.error({ err: error }, 'error while shutting down'))
      .finally(() => process.exit(exitCode));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  return shutdown;
}
