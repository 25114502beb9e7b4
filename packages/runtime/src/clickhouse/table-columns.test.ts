import type { ClickHouseClient } from '@clickhouse/client';
import { describe, expect, it } from 'vitest';
import { tableColumns } from './table-columns';

/** A server whose system.columns answers from `tables`, failing the first `failures` reads. */
function server(tables: Record<string, Array<{ name: string; type: string }>>, failures = 0) {
  let reads = 0;
  let failing = failures;
  const client = {
    query: async ({ query }: { query: string }) => {
      reads++;
      if (failing-- > 0) throw new Error('ECONNREFUSED');
      const table = /AND table = '([^']+)'/.exec(query)?.[1] ?? '';
      return { json: async () => tables[table] ?? [] };
    },
  } as unknown as ClickHouseClient;
  return { client, reads: () => reads };
}

const events = [
  { name: 'event_id', type: 'String' },
  { name: 'event_time', type: 'DateTime' },
  { name: 'hour_state', type: 'AggregateFunction(count)' },
];

describe('tableColumns', () => {
  it('gives the named columns their types, reading the table once per client', async () => {
    const { client, reads } = server({ events });
    expect(await tableColumns(client, 'vigil', 'events', ['event_time', 'event_id'])).toEqual([
      { name: 'event_time', type: 'DateTime' },
      { name: 'event_id', type: 'String' },
    ]);
    await tableColumns(client, 'vigil', 'events', ['event_id']);
    expect(reads()).toBe(1);
  });

  it('refuses a column the table lacks and a type it has no writer for', async () => {
    const { client } = server({ events });
    await expect(tableColumns(client, 'vigil', 'events', ['nope'])).rejects.toThrow(
      'vigil.events.nope: no such column',
    );
    await expect(tableColumns(client, 'vigil', 'events', ['hour_state'])).rejects.toThrow(
      /AggregateFunction\(count\) has no RowBinary writer/,
    );
  });

  it('reads again after a failed read or a table not there yet', async () => {
    const { client, reads } = server({ events }, 1);
    await expect(tableColumns(client, 'vigil', 'events', ['event_id'])).rejects.toThrow(
      'ECONNREFUSED',
    );
    expect(await tableColumns(client, 'vigil', 'events', ['event_id'])).toHaveLength(1);
    await expect(tableColumns(client, 'vigil', 'later', ['a'])).rejects.toThrow(
      'no table vigil.later',
    );
    await expect(tableColumns(client, 'vigil', 'later', ['a'])).rejects.toThrow();
    expect(reads()).toBe(4);
  });
});
