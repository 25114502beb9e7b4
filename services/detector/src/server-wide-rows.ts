import pRetry from 'p-retry';
import {
  insertRows,
  sqlIdentifier,
  sqlString,
  sqlStringList,
  type ClickHouseClient,
} from '@vigil/runtime';
import type { AnomalyRow } from './anomaly-row';

/** Where a row sits in the table's sort key (agent_id, event_time, anomaly_id) besides its id. */
export interface Anchor {
  agent_id: string;
  /** DateTime text as ClickHouse writes and reads it ('YYYY-MM-DD hh:mm:ss'). */
  event_time: string;
}

export type StoredVersion = Anchor & { anomaly_id: string; version: number };

/** The anchor all rows of one id settle on: the earliest stored, then the first agent by id. */
export function canonicalAnchor(anchors: readonly Anchor[]): Anchor | undefined {
  let best: Anchor | undefined;
  for (const anchor of anchors) {
    if (
      best === undefined ||
      anchor.event_time < best.event_time ||
      (anchor.event_time === best.event_time && anchor.agent_id < best.agent_id)
    )
      best = anchor;
  }
  return best && { agent_id: best.agent_id, event_time: best.event_time };
}

const sameAnchor = (a: Anchor, b: Anchor) =>
  a.agent_id === b.agent_id && a.event_time === b.event_time;

function byId<T extends { anomaly_id: string }>(rows: readonly T[]): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const row of rows) {
    const group = grouped.get(row.anomaly_id);
    if (group) group.push(row);
    else grouped.set(row.anomaly_id, [row]);
  }
  return grouped;
}

/**
 * The new rows of server-wide anomalies placed where their id is stored already:
 * on its canonical anchor, leaving out versions stored before (by any instance).
 */
export function placeRows(rows: readonly AnomalyRow[], stored: readonly StoredVersion[]) {
  const storedById = byId(stored);
  const fresh: AnomalyRow[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    const versions = storedById.get(row.anomaly_id) ?? [];
    const key = `${row.anomaly_id}\u0000${row.version}`;
    if (seen.has(key) || versions.some((v) => v.version === row.version)) continue;
    seen.add(key);
    fresh.push({ ...row, ...canonicalAnchor(versions) });
  }
  return fresh;
}

/**
 * Where racing instances stored one id under several anchors: the versions to
 * write again on the canonical anchor (those it lacks), and the ids whose
 * other anchors are then to be deleted.
 */
export function settleRows(stored: readonly AnomalyRow[]) {
  const rehome: AnomalyRow[] = [];
  const keep = new Map<string, Anchor>();
  for (const [id, rows] of byId(stored)) {
    const anchor = canonicalAnchor(rows) as Anchor;
    if (rows.every((row) => sameAnchor(row, anchor))) continue;
    keep.set(id, anchor);
    const onAnchor = new Set(rows.filter((r) => sameAnchor(r, anchor)).map((r) => r.version));
    for (const row of rows) {
      if (onAnchor.has(row.version)) continue;
      onAnchor.add(row.version);
      rehome.push({ ...row, ...anchor });
    }
  }
  return { rehome, keep };
}

/**
 * A server-wide cause (a changed tool definition) has no single writer: every
 * instance whose agents meet the change writes versions of the one anomaly id,
 * each anchored at the first meeting it saw. The table replaces versions only
 * within one sort key, so the rows of an id must share an anchor: a new row
 * takes the anchor its id is stored under, and versions stored already (by
 * any instance) are not written again. Two instances storing the first
 * version of one id at the same moment are the one race left; the later of
 * them sees both anchors when it reads back, moves every version onto the
 * earliest and deletes the rest (a mutation, rare by construction).
 */
export function createServerWideRows(client: ClickHouseClient, database: string) {
  const table = `${sqlIdentifier(database)}.anomalies`;

  const read = async <Row>(query: string): Promise<Row[]> =>
    (await client.query({ query, format: 'JSONEachRow' })).json<Row>();
  const stored = <Row>(ids: string[], columns: string) =>
    read<Row>(
      `SELECT ${columns} FROM ${table} WHERE anomaly_id IN ${sqlStringList([...new Set(ids)])}`,
    );
  // A mutation runs in the background: waited for (up to ~10 s), so that the next read does not
  // find what it deletes. One still running then is left to finish; issuing it again is harmless.
  const mutationsDone = () =>
    pRetry(
      async () => {
        const [row] = await read<{ pending: string }>(
          `SELECT count() AS pending FROM system.mutations WHERE database = ${sqlString(database)} AND table = 'anomalies' AND is_done = 0`,
        );
        if (Number(row?.pending) > 0) throw new Error('anomalies: a mutation is still running');
      },
      { retries: 8, minTimeout: 50, maxTimeout: 2_000 },
    ).catch(() => undefined);

  return {
    /** Stores the rows; returns how many ids it found stored under two anchors and settled. */
    async store(rows: AnomalyRow[]): Promise<number> {
      if (rows.length === 0) return 0;
      const ids = rows.map((row) => row.anomaly_id);
      const before = await stored<StoredVersion>(ids, 'anomaly_id, agent_id, event_time, version');
      await insertRows(client, database, 'anomalies', placeRows(rows, before));
      // Read back every id, not only those stored here first: a store retried after it stopped
      // between the insert and this read still settles what it wrote.
      const { rehome, keep } = settleRows(await stored<AnomalyRow>(ids, '*'));
      if (keep.size === 0) return 0;
      await insertRows(client, database, 'anomalies', rehome);
      for (const [id, anchor] of keep) {
        await client.command({
          query:
            `ALTER TABLE ${table} DELETE WHERE anomaly_id = ${sqlString(id)} AND NOT ` +
            `(agent_id = ${sqlString(anchor.agent_id)} AND event_time = toDateTime(${sqlString(anchor.event_time)}))`,
        });
      }
      await mutationsDone();
      return keep.size;
    },
  };
}
