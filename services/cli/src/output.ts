import Table from 'cli-table3';
import picocolors from 'picocolors';

/** Colours only on a terminal that wants them: a pipe (or NO_COLOR) gets plain text, even in CI. */
export const colours = picocolors.createColors(
  process.stdout.isTTY === true && !('NO_COLOR' in process.env),
);
const pc = colours;

export interface Column<Row> {
  header: string;
  value: (row: Row) => string | number;
  /** Colour for a terminal; a pipe gets the plain text. */
  colour?: (text: string, row: Row) => string;
}

/**
 * Where a command writes. On a terminal: tables with borders and colours. In a pipe: the same
 * columns as tab-separated lines under a header, no colour.
 * With `--json`: one JSON document per command (one line per item for `tail`).
 */
export interface Output {
  json: boolean;
  table<Row>(rows: readonly Row[], columns: ReadonlyArray<Column<Row>>): void;
  fields(pairs: ReadonlyArray<[string, string | number]>): void;
  data(value: unknown): void;
  line(text: string): void;
  heading(text: string): void;
}

export function createOutput(options: { json: boolean; stream?: NodeJS.WriteStream }): Output {
  const stream = options.stream ?? process.stdout;
  const tty = stream.isTTY === true;
  const write = (text: string) => stream.write(`${text}\n`);
  return {
    json: options.json,
    table(rows, columns) {
      if (!tty) {
        write(columns.map((c) => c.header).join('\t'));
        for (const row of rows) write(columns.map((c) => String(c.value(row))).join('\t'));
        return;
      }
      const table = new Table({ head: columns.map((c) => pc.bold(c.header)) });
      for (const row of rows) {
        table.push(
          columns.map((c) => {
            const text = String(c.value(row));
            return c.colour ? c.colour(text, row) : text;
          }),
        );
      }
      write(table.toString());
    },
    fields(pairs) {
      const width = Math.max(...pairs.map(([name]) => name.length));
      for (const [name, value] of pairs) write(`${pc.dim(name.padEnd(width))}  ${value}`);
    },
    data: (value) => write(JSON.stringify(value, null, tty ? 2 : undefined)),
    line: write,
    heading: (text) => write(`\n${pc.bold(text)}`),
  };
}

const SEVERITY_COLOUR: Record<string, (text: string) => string> = {
  critical: (t) => pc.bold(pc.red(t)),
  high: pc.red,
  medium: pc.yellow,
  low: pc.dim,
};

export function severityColour(text: string): string {
  return (SEVERITY_COLOUR[text] ?? ((t: string) => t))(text);
}

export function statusColour(text: string): string {
  if (text === 'open') return pc.red(text);
  if (text === 'acknowledged') return pc.yellow(text);
  return pc.green(text);
}
