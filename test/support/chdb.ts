import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ClickHouseClient } from '@clickhouse/client';

/**
 * Current ClickHouse in process: chDB (the `chdb-core` Python wheel, ClickHouse 26.x)
 * behind the slice of the client that migrations and plain queries use, so the same
 * SQL that runs on the stack's ClickHouse 18.16 is checked on a current release.
 * `pip install chdb-core` provides it; without it, `chdbAvailable()` is false.
 */
export function chdbAvailable(): boolean {
  const probe = spawnSync('python3', ['-c', 'import chdb'], { stdio: 'ignore', timeout: 30_000 });
  return probe.status === 0;
}

const BRIDGE = `
import json, sys
from chdb import session
s = session.Session(sys.argv[1])
for line in sys.stdin:
    request = json.loads(line)
    try:
        text = str(s.query(request['sql'], request.get('format') or 'CSV'))
        print(json.dumps({'ok': True, 'text': text}), flush=True)
    except Exception as error:
        print(json.dumps({'ok': False, 'error': str(error)}), flush=True)
`;

export interface Chdb {
  /** Enough of a ClickHouseClient for `migrate`: `command`, and `query` with JSONEachRow. */
  client: ClickHouseClient;
  rows<T>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

export function startChdb(): Chdb {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-chdb-'));
  const python = spawn('python3', ['-c', BRIDGE, join(dir, 'data')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const answers = createInterface({ input: python.stdout });
  const waiting: Array<(line: string) => void> = [];
  answers.on('line', (line) => waiting.shift()?.(line));
  let queue: Promise<unknown> = Promise.resolve();

  const run = (sql: string, format?: string): Promise<string> => {
    const next = queue.then(
      () =>
        new Promise<string>((resolve, reject) => {
          waiting.push((line) => {
            const answer = JSON.parse(line) as { ok: boolean; text?: string; error?: string };
            if (answer.ok) resolve(answer.text ?? '');
            else reject(new Error(`chDB: ${answer.error}\n${sql}`));
          });
          python.stdin.write(`${JSON.stringify({ sql, format })}\n`);
        }),
    );
    queue = next.catch(() => undefined);
    return next;
  };
  const rows = async <T>(sql: string): Promise<T[]> =>
    (await run(sql, 'JSONEachRow'))
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as T);

  const client = {
    command: async ({ query }: { query: string }) => {
      await run(query);
      return {};
    },
    query: async ({ query }: { query: string }) => {
      const result = await rows(query);
      return { json: async () => result };
    },
  } as unknown as ClickHouseClient;

  return {
    client,
    rows,
    close: async () => {
      python.stdin.end();
      await new Promise((resolve) => python.once('exit', resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
