import type { PipelineMetrics } from '../http/metrics';
import type { Logger } from '../logger';
import type { Store } from './outage';

/** Which stores the service is waiting for: /readyz answers not-ready while any is. */
export interface Outages {
  /** A call found `store` unreachable; `attempt` 1 is a new waiter. */
  failed(store: Store, error: unknown, attempt: number, where: object): void;
  /** A waiter's call went through again. */
  recovered(store: Store, where: object): void;
  any(): boolean;
}

/** Logs an ongoing outage again every this many failed attempts (about a minute at the backoff's cap). */
const LOG_EVERY_ATTEMPTS = 6;

export function createOutages(logger: Logger, metrics: PipelineMetrics): Outages {
  const waiters = new Map<Store, number>();
  return {
    failed(store, error, attempt, where) {
      metrics.outageRetries.inc({ store });
      if (attempt === 1) {
        const before = waiters.get(store) ?? 0;
        waiters.set(store, before + 1);
        if (before === 0) {
          metrics.outages.inc({ store });
          metrics.storeUnavailable.set({ store }, 1);
        }
      }
      if (attempt === 1 || attempt % LOG_EVERY_ATTEMPTS === 0) {
        logger.warn(
          { ...where, store, attempt, err: error },
          `${store} unreachable; consumption paused, retrying`,
        );
      }
    },
    recovered(store, where) {
      const left = (waiters.get(store) ?? 1) - 1;
      if (left > 0) return void waiters.set(store, left);
      waiters.delete(store);
      metrics.storeUnavailable.set({ store }, 0);
      logger.info({ ...where, store }, `${store} reachable again; consumption resumed`);
    },
    any: () => waiters.size > 0,
  };
}
