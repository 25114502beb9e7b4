import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface ScriptedReply {
  status: number;
  headers?: Record<string, string>;
}

/**
 * A real HTTP receiver on 127.0.0.1 that answers with the scripted replies in order,
 * then 200. It records every request and, like a careful gateway, stores each
 * Idempotency-Key's body once.
 */
export async function startReceiver(script: ScriptedReply[] = []) {
  const requests: ReceivedRequest[] = [];
  const stored = new Map<string, string>();
  const replies = [...script];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ headers: req.headers, body });
      const reply = replies.shift() ?? { status: 200 };
      if (reply.status < 300) {
        const key = String(req.headers['idempotency-key']);
        if (!stored.has(key)) stored.set(key, body);
      }
      res.writeHead(reply.status, reply.headers).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/vigil`,
    requests,
    stored,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
