import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@vigil/runtime';
import { describe, expect, it } from 'vitest';
import { DetectorConfig } from './config';

const env = { KAFKA_BROKERS: '127.0.0.1:9092', CLICKHOUSE_URL: 'http://127.0.0.1:8123' };
const dir = mkdtempSync(join(tmpdir(), 'vigil-detector-config-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('detector config', () => {
  it('holds one lateness, the default policy and the detection defaults when nothing is set', () => {
    const config = loadConfig(DetectorConfig, env);
    expect(config.VIGIL_ALLOWED_LATENESS_MS).toBe(300_000);
    expect(config.VIGIL_DETECTION_CONFIG.minScore).toBe(30);
    expect(config.isolationPolicy.rules.length).toBeGreaterThan(0);
    expect(config.webhookSecret).toBeUndefined();
  });

  it('reads the policy and the secret from their files at start', () => {
    const config = loadConfig(DetectorConfig, {
      ...env,
      VIGIL_POLICY_FILE: file('policy.json', '{"groupingWindowMs": 0}'),
      VIGIL_WEBHOOK_SECRET_FILE: file('secret', 'a-secret-of-enough-length\n'),
    });
    expect(config.isolationPolicy.groupingWindowMs).toBe(0);
    expect(config.webhookSecret).toBe('a-secret-of-enough-length');
  });

  it('names the variable of a policy file that is missing, not JSON or not a policy', () => {
    const load = (path: string) => () =>
      loadConfig(DetectorConfig, { ...env, VIGIL_POLICY_FILE: path });
    expect(load(join(dir, 'absent.json'))).toThrow(/VIGIL_POLICY_FILE: cannot read .*ENOENT/);
    expect(load(file('broken.json', '{'))).toThrow(/VIGIL_POLICY_FILE: must be JSON/);
    expect(load(file('wrong.json', '{"rules":[{"kinds":"*","minScore":101}]}'))).toThrow(
      /VIGIL_POLICY_FILE\.rules\.0\.minScore: /,
    );
  });

  it('names the variable of a secret file holding too short a secret', () => {
    expect(() =>
      loadConfig(DetectorConfig, { ...env, VIGIL_WEBHOOK_SECRET_FILE: file('short', 'abc') }),
    ).toThrow(/VIGIL_WEBHOOK_SECRET_FILE: the secret in it must be at least 16 characters/);
  });

  it('refuses a second lateness in the detection thresholds and names the wrong threshold', () => {
    const load = (json: object) => () =>
      loadConfig(DetectorConfig, { ...env, VIGIL_DETECTION_CONFIG: JSON.stringify(json) });
    expect(load({ allowedLatenessMs: 1_000 })).toThrow(
      /VIGIL_DETECTION_CONFIG\.allowedLatenessMs: set VIGIL_ALLOWED_LATENESS_MS instead/,
    );
    expect(load({ minScore: 500 })).toThrow(/VIGIL_DETECTION_CONFIG\.minScore: /);
    expect(load({ maxAgents: 10 })).toThrow(
      /VIGIL_DETECTION_CONFIG\.maxAgents: set DETECTOR_MAX_AGENTS instead/,
    );
  });

  it('bounds the agents tracked, 50,000 unless DETECTOR_MAX_AGENTS says otherwise', () => {
    expect(loadConfig(DetectorConfig, env).DETECTOR_MAX_AGENTS).toBe(50_000);
    expect(
      loadConfig(DetectorConfig, { ...env, DETECTOR_MAX_AGENTS: '1000' }).DETECTOR_MAX_AGENTS,
    ).toBe(1_000);
    expect(() => loadConfig(DetectorConfig, { ...env, DETECTOR_MAX_AGENTS: '0' })).toThrow(
      /DETECTOR_MAX_AGENTS: must be greater than 0/,
    );
  });

  it('takes the detector intervals from the environment', () => {
    const config = loadConfig(DetectorConfig, { ...env, DETECTOR_TICK_MS: '250' });
    expect(config.DETECTOR_TICK_MS).toBe(250);
    expect(config.DETECTOR_STATE_SAVE_INTERVAL_MS).toBe(2_000);
  });
});
