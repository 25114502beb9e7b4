/** The server's error text: current releases end it with `(TYPE)`; 18.16 writes `Code: 57, e.displayText() = …`. */
const CODE_IN_TEXT = /^Code: (\d+)[,.]/;

/**
 * ClickHouse's numeric error code for an error the server answered with, as text. The client
 * parses it only from current servers' wording; from 18.16's it leaves a plain Error.
 */
export function clickHouseErrorCode(error: unknown): string | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const { name, code, message } = error as { name?: unknown; code?: unknown; message?: unknown };
  if (String(name).includes('ClickHouse') && code !== undefined) return String(code);
  return typeof message === 'string' ? CODE_IN_TEXT.exec(message)?.[1] : undefined;
}
