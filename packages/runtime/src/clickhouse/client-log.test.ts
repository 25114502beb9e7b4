import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { clickHouseLog } from './client-log';

function capture() {
  const lines: { level: number; msg: string; component: string }[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as (typeof lines)[number]);
      done();
    },
  });
  return { lines, logger: createLogger('test', 'debug', destination) };
}

describe('clickHouseLog', () => {
  it("puts the client's copy of a failed request at debug: the caller gets the error itself", () => {
    const { lines, logger } = capture();
    const Log = clickHouseLog(logger);
    new Log().error({
      module: 'Connection',
      message: 'Command: HTTP request error.',
      err: new Error('x'),
    });
    expect(lines).toMatchObject([
      { level: 20, msg: 'Command: HTTP request error.', component: 'clickhouse' },
    ]);
  });

  it('keeps what the client warns of as a warning', () => {
    const { lines, logger } = capture();
    new (clickHouseLog(logger))().warn({ module: 'Client', message: 'socket closed early' });
    expect(lines).toMatchObject([{ level: 40, msg: 'socket closed early' }]);
  });
});
