import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CommonConfig, fileText, loadConfig } from './config';

const env = {
  KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9093',
  CLICKHOUSE_URL: 'http://127.0.0.1:8123',
  VIGIL_HTTP_PORT: '9464',
};

describe('loadConfig', () => {
  it('applies defaults and splits lists', () => {
    const config = loadConfig(CommonConfig, env);
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092', '127.0.0.1:9093']);
    expect(config.CLICKHOUSE_DATABASE).toBe('vigil');
    expect(config.VIGIL_HTTP_PORT).toBe(9464);
  });

  it('names the variable and the reason when a value is wrong', () => {
    expect(() => loadConfig(CommonConfig, { ...env, VIGIL_HTTP_PORT: '99999' })).toThrow(
      /VIGIL_HTTP_PORT: must be 0-65535/,
    );
    expect(() => loadConfig(CommonConfig, { ...env, KAFKA_BROKERS: 'nohost' })).toThrow(
      /KAFKA_BROKERS.*host:port/,
    );
  });

  it('names a missing variable', () => {
    const { CLICKHOUSE_URL: _url, ...withoutUrl } = env;
    expect(() => loadConfig(CommonConfig, withoutUrl)).toThrow(/CLICKHOUSE_URL/);
  });

  it('rejects an identifier that could inject SQL as the database name', () => {
    expect(() =>
      loadConfig(CommonConfig, { ...env, CLICKHOUSE_DATABASE: 'vigil; DROP TABLE x' }),
    ).toThrow(/CLICKHOUSE_DATABASE: must be a plain identifier/);
  });
});

describe('file settings', () => {
  it('reads a file once and names the variable when it cannot', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vigil-config-')), 'secret');
    writeFileSync(file, 'text in a file');
    const schema = z.object({ SOME_FILE: fileText });
    expect(loadConfig(schema, { SOME_FILE: file }).SOME_FILE).toBe('text in a file');
    expect(() => loadConfig(schema, { SOME_FILE: `${file}.missing` })).toThrow(
      /SOME_FILE: cannot read .*\.missing \(ENOENT\)/,
    );
  });
});
