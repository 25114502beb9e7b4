import { createServer, type Server } from 'node:http';

export interface ReceivedAlert {
  at: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** What the receiver answered. */
  status: number;
}

export interface AlertReceiver {
  url: string;
  received: ReceivedAlert[];
  /** The status it answers with (200 unless a test makes it fail). */
  answer: { status: number };
  /** Stops listening and drops open connections: senders get "connection refused". */
  unreachable(): Promise<void>;
  /** Listens again on the same port. */
  reachable(): Promise<void>;
  close(): Promise<void>;
}

/** A real HTTP receiver on loopback, standing in for the gateway and on-call. */
export async function startAlertReceiver(): Promise<AlertReceiver> {
  const received: ReceivedAlert[] = [];
  const answer = { status: 200 };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const status = answer.status;
      received.push({
        at: Date.now(),
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
        status,
      });
      response.writeHead(status).end(status === 200 ? 'ok' : 'unavailable');
    });
  });
  const listen = (port: number) =>
    new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const close = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      server.closeAllConnections();
    });
  await listen(0);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/vigil`,
    received,
    answer,
    unreachable: close,
    reachable: () => listen(port),
    close,
  };
}
