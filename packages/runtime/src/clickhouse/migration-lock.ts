import type { ClickHouseClient } from '@clickhouse/client';
import pRetry from 'p-retry';
import { outageOf } from '../stage/outage';
import { clickHouseErrorCode } from './error-code';
import { sqlIdentifier, sqlString } from './sql-literal';

const LOCK_TABLE = 'schema_migrations_lock';
/** The holder writes a beat this often while it migrates. */
const BEAT_MS = 20_000;
/** A lock with no beat for this long was left by an instance that died while migrating. */
const STALE_SECONDS = 120;
/** ClickHouse's TABLE_ALREADY_EXISTS: someone else holds the lock. */
const ALREADY_EXISTS = '57';

class LockHeld extends Error {}

/**
 * Runs `migrate` while this instance alone migrates `database`. ClickHouse 18.16
 * can deadlock for good when one instance renames tables (010) while another
 * copies between them (009): every query that touches those tables, even on
 * `system.columns`, then hangs until the server restarts. Seen when the three
 * services started together on a fresh database. CREATE TABLE (without IF NOT
 * EXISTS) succeeds for one caller only, so a table is the lock. The others wait
 * for it to go; one left by a dead instance is taken over once it has had no
 * beat for two minutes.
 */
export async function withMigrationLock<T>(
  client: ClickHouseClient,
  database: string,
  migrate: () => Promise<T>,
): Promise<T> {
  const lock = `${sqlIdentifier(database)}.${sqlIdentifier(LOCK_TABLE)}`;
  const beat = () => client.command({ query: `INSERT INTO ${lock} (beat) VALUES (now())` });
  await pRetry(() => take(client, database, lock), {
    forever: true,
    minTimeout: 250,
    maxTimeout: 2_000,
    randomize: true,
    shouldRetry: (error) => error instanceof LockHeld,
  });
  const beating = setInterval(() => void beat().catch(() => undefined), BEAT_MS);
  try {
    await beat();
    return await migrate();
  } finally {
    clearInterval(beating);
    await client.command({ query: `DROP TABLE IF EXISTS ${lock}` });
  }
}

async function take(client: ClickHouseClient, database: string, lock: string): Promise<void> {
  try {
    await client.command({ query: `CREATE TABLE ${lock} (beat DateTime) ENGINE = Log` });
  } catch (error) {
    // ClickHouse 18.16 may drop the connection of one of two CREATEs of one table at once.
    if (outageOf(error) === 'clickhouse') throw new LockHeld('the lock could not be taken yet');
    if (clickHouseErrorCode(error) !== ALREADY_EXISTS) throw error;
    // The lock may go while it is looked at: that is a retry too.
    if (await isStale(client, database, lock).catch(() => false)) {
      await client.command({ query: `DROP TABLE IF EXISTS ${lock}` });
    }
    throw new LockHeld(`another instance is migrating ${database}`);
  }
}

/** Seconds since the lock's last beat, or since it was created when its holder has not beaten yet. */
async function isStale(client: ClickHouseClient, database: string, lock: string) {
  const created = `(SELECT toUInt32(max(metadata_modification_time)) FROM system.tables WHERE database = ${sqlString(database)} AND name = ${sqlString(LOCK_TABLE)})`;
  const result = await client.query({
    query: `SELECT toUInt32(now()) - greatest(toUInt32(max(beat)), ${created}) AS idle FROM ${lock}`,
    format: 'JSONEachRow',
  });
  const [row] = await result.json<{ idle: number | string }>();
  return Number(row?.idle ?? 0) > STALE_SECONDS;
}
