import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { DEFAULT_MIGRATIONS_DIR, migrate, readMigrations } from '@vigil/runtime';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createServerWideRows } from '../services/detector/src/server-wide-rows';
import { definitionChangeRow } from '../services/detector/src/testing/definition-change-row';

const clickhouse = createClient({ url: inject('clickhouseUrl') });
const database = `t_server_wide_${Date.now().toString(36)}`;

beforeAll(async () => {
  await migrate(clickhouse, database, readMigrations(DEFAULT_MIGRATIONS_DIR, database));
});

afterAll(async () => {
  await clickhouse.command({ query: `DROP DATABASE IF EXISTS ${database}` });
  await clickhouse.close();
});

const change = definitionChangeRow;

/** A client whose inserts wait for `open`: an instance between its lookup and its insert. */
function heldAtInsert(client: ClickHouseClient, open: Promise<void>): ClickHouseClient {
  return new Proxy(client, {
    get(target, key, receiver) {
      if (key === 'insert') {
        return async (...args: Parameters<ClickHouseClient['insert']>) => {
          await open;
          return target.insert(...args);
        };
      }
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function rowsOf(id: string, final = false) {
  const result = await clickhouse.query({
    query: `SELECT agent_id, event_time, version, count FROM ${database}.anomalies ${final ? 'FINAL' : ''}
            WHERE anomaly_id = '${id}' ORDER BY version, agent_id`,
    format: 'JSONEachRow',
  });
  return (
    await result.json<{ agent_id: string; event_time: string; version: number; count: number }>()
  ).map((r) => `${r.agent_id} ${r.event_time} v${Number(r.version)} x${Number(r.count)}`);
}

describe('a server-wide anomaly written by several detector instances', () => {
  it('a later writer adopts the anchor stored first and writes only the versions not stored', async () => {
    const first = createServerWideRows(clickhouse, database);
    const second = createServerWideRows(clickhouse, database);
    await first.store([change('change-a', 'agent-1', '2026-03-09 10:00:00', 1)]);
    // Another instance (or this one after a restart) met the change later and counts 1 and 2.
    await second.store([
      change('change-a', 'agent-9', '2026-03-09 10:05:00', 1),
      change('change-a', 'agent-9', '2026-03-09 10:05:00', 2),
    ]);
    expect(await rowsOf('change-a')).toEqual([
      'agent-1 2026-03-09 10:00:00 v1 x1',
      'agent-1 2026-03-09 10:00:00 v2 x2',
    ]);
    expect(await rowsOf('change-a', true)).toEqual(['agent-1 2026-03-09 10:00:00 v2 x2']);
  });

  it('two writers storing the first version at the same moment settle on the earliest anchor, keeping every version', async () => {
    let open = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    const late = createServerWideRows(heldAtInsert(clickhouse, gate), database);
    const early = createServerWideRows(clickhouse, database);
    // Both look the id up and find nothing; the late writer's insert lands after the early one's.
    const lateStore = late.store([
      change('change-b', 'agent-9', '2026-03-09 10:05:00', 1),
      change('change-b', 'agent-9', '2026-03-09 10:05:00', 3),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await early.store([change('change-b', 'agent-1', '2026-03-09 10:00:00', 1)])).toBe(0);
    open();
    expect(await lateStore).toBe(1);

    expect(await rowsOf('change-b')).toEqual([
      'agent-1 2026-03-09 10:00:00 v1 x1',
      'agent-1 2026-03-09 10:00:00 v3 x3',
    ]);
    expect(await rowsOf('change-b', true)).toEqual(['agent-1 2026-03-09 10:00:00 v3 x3']);
    // Settled once: the next write finds one anchor.
    expect(await early.store([change('change-b', 'agent-1', '2026-03-09 10:00:00', 4)])).toBe(0);
  });
});
