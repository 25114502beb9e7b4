import type { ClickHouseClient } from '@clickhouse/client';
import { describe, expect, it } from 'vitest';
import { IDS_PER_LOOKUP, insertNewRows } from './insert-new-rows';

/** A table's stored rows behind the two calls insertNewRows makes; the real server is in test/clickhouse-sql.test.ts. */
function tableHolding(stored: Array<Record<string, unknown>>) {
  const queries: string[] = [];
  const inserted: unknown[][] = [];
  const client = {
    query: async ({ query }: { query: string }) => {
      queries.push(query);
      return { json: async () => stored };
    },
    insert: async ({ values }: { values: unknown[] }) => {
      inserted.push(values);
    },
  } as unknown as ClickHouseClient;
  return { client, queries, inserted };
}

type Row = { anomaly_id: string; agent_id: string; version: number };
const row = (id: string, version: number): Row => ({
  anomaly_id: id,
  agent_id: 'agent-1',
  version,
});
const options = {
  database: 'vigil',
  table: 'anomalies',
  idColumn: 'anomaly_id',
  idOf: (r: Row) => r.anomaly_id,
};

describe('insertNewRows', () => {
  it('skips ids already stored, and repeats within the batch', async () => {
    const { client, inserted } = tableHolding([{ id: 'a' }]);
    const fresh = await insertNewRows(client, [row('a', 2), row('b', 1), row('b', 2)], options);
    expect(fresh).toEqual([row('b', 1)]);
    expect(inserted).toEqual([[row('b', 1)]]);
  });

  it('with versions, writes every (id, version) not stored yet and none twice', async () => {
    const { client, queries } = tableHolding([
      { id: 'a', version: 1 },
      { id: 'a', version: 2 },
    ]);
    const fresh = await insertNewRows(
      client,
      [row('a', 1), row('a', 2), row('a', 3), row('a', 3), row('b', 1)],
      {
        ...options,
        version: { column: 'version', of: (r: Row) => r.version },
        scope: { column: 'agent_id', of: (r: Row) => r.agent_id },
      },
    );
    expect(fresh).toEqual([row('a', 3), row('b', 1)]);
    expect(queries).toEqual([
      "SELECT anomaly_id AS id, version FROM vigil.anomalies WHERE agent_id IN ('agent-1') AND anomaly_id IN ('a', 'b')",
    ]);
  });

  it('looks only within the batch’s span of a time column when given one', async () => {
    const { client, queries } = tableHolding([]);
    const timed = (id: string, time: string) => ({ ...row(id, 1), event_time: time });
    await insertNewRows(
      client,
      [
        timed('a', '2026-12-02 10:00:05'),
        timed('b', '2026-12-02 09:59:58'),
        timed('c', '2026-12-02 10:00:01'),
      ],
      { ...options, timeRange: { column: 'event_time', of: (r) => r.event_time } },
    );
    expect(queries).toEqual([
      "SELECT anomaly_id AS id FROM vigil.anomalies WHERE event_time BETWEEN toDateTime('2026-12-02 09:59:58') AND toDateTime('2026-12-02 10:00:05') AND anomaly_id IN ('a', 'b', 'c')",
    ]);
  });

  it('reads a stored version that JSON gives as text', async () => {
    const { client } = tableHolding([{ id: 'a', version: '1' }]);
    const versioned = { ...options, version: { column: 'version', of: (r: Row) => r.version } };
    expect(await insertNewRows(client, [row('a', 1)], versioned)).toEqual([]);
  });

  it('looks ids up in parts of IDS_PER_LOOKUP, each with the scope of its own rows', async () => {
    const { client, queries, inserted } = tableHolding([]);
    const rows = Array.from({ length: 2 * IDS_PER_LOOKUP + 1 }, (_, i) => ({
      ...row(`id-${i}`, 1),
      agent_id: `agent-${i}`,
    }));
    await insertNewRows(client, rows, {
      ...options,
      scope: { column: 'agent_id', of: (r: Row) => r.agent_id },
    });
    expect(queries).toHaveLength(3);
    expect(queries[2]).toBe(
      `SELECT anomaly_id AS id FROM vigil.anomalies WHERE agent_id IN ('agent-${2 * IDS_PER_LOOKUP}') AND anomaly_id IN ('id-${2 * IDS_PER_LOOKUP}')`,
    );
    expect(inserted).toEqual([rows]);
  });
});
