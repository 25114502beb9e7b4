import { createServer, type Server } from 'node:http';

export interface ReceivedAlert {
  at: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A real HTTP receiver on loopback, standing in for the gateway and on-call. */
export async function startAlertReceiver(): Promise<{
  url: string;
  received: ReceivedAlert[];
  /** The status it answers with (200 unless a test makes it fail). */
  answer: { status: number };
  close(): Promise<void>;
}> {
  const received: ReceivedAlert[] = [];
  const answer = { status: 200 };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        at: Date.now(),
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
      });
      response.writeHead(answer.status).end(answer.status === 200 ? 'ok' : 'unavailable');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/vigil`,
    received,
    answer,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
