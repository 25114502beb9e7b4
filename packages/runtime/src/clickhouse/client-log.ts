import type { ErrorLogParams, Logger as ClickHouseLogger, LogParams } from '@clickhouse/client';
import type { Logger } from '../logger';

/**
 * The ClickHouse client's own log, through the service's pino logger. The client
 * logs every failed request at ERROR, yet each one also rejects to its caller,
 * which waits it out (an outage), takes it as done (a migration another instance
 * applied first) or logs it: the client's copy goes to debug, so a healthy start
 * logs no error and one failure is never two lines.
 */
export function clickHouseLog(logger: Logger): new () => ClickHouseLogger {
  const log = logger.child({ component: 'clickhouse' });
  const fields = ({ module, args }: LogParams) => ({ module, ...args });
  return class implements ClickHouseLogger {
    trace(params: LogParams) {
      log.trace(fields(params), params.message);
    }
    debug(params: LogParams) {
      log.debug(fields(params), params.message);
    }
    info(params: LogParams) {
      log.info(fields(params), params.message);
    }
    warn(params: LogParams & { err?: Error }) {
      log.warn({ ...fields(params), err: params.err }, params.message);
    }
    error(params: ErrorLogParams) {
      log.debug({ ...fields(params), err: params.err }, params.message);
    }
  };
}
