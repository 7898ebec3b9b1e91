// The witness's HTTP interface: POST <prefix>/add-checkpoint (tlog-witness) and GET <prefix>/ with its
// public key and the logs it accepts. No authentication beyond the checkpoint's signature, as the
// specification says; each client address gets a bounded rate.
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { type TAddCheckpointContext, type TAnswer, addCheckpoint } from '@/witness/add-checkpoint';

/** A checkpoint with 16 signatures and 63 proof lines is about 4 KiB; ML-DSA signatures make notes larger. */
const MAX_BODY_BYTES = 128 * 1024;

export type TWitnessServerOptions = TAddCheckpointContext & {
  vkey: string;
  /** Requests per second per client address, with bursts of ten seconds' worth. */
  ratePerSecond: number;
  log: (line: string) => void;
};

type TBucket = { tokens: number; at: number };

function rateLimiter(ratePerSecond: number) {
  const buckets = new Map<string, TBucket>();
  const capacity = ratePerSecond * 10;
  return (client: string, now: number): number => {
    const bucket = buckets.get(client) ?? { tokens: capacity, at: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * ratePerSecond);
    bucket.at = now;
    buckets.set(client, bucket);
    if (buckets.size > 10_000) buckets.clear();
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / ratePerSecond);
  };
}

async function readBody(request: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > MAX_BODY_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, answer: TAnswer, headers: Record<string, string> = {}): void {
  response.writeHead(answer.status, { 'content-type': answer.contentType, 'cache-control': 'no-store', ...headers });
  response.end(answer.body);
}

export function createWitnessServer(options: TWitnessServerOptions): Server {
  const limit = rateLimiter(options.ratePerSecond);
  const about = [
    options.vkey,
    '',
    'A transparency log witness (https://c2sp.org/tlog-witness): POST /add-checkpoint.',
    `Logs accepted: ${[...options.logs.keys()].join(', ')}`,
  ].join('\n');

  const plain = (status: number, body: string): TAnswer => ({ status, contentType: 'text/plain; charset=utf-8', body: `${body}\n` });
  async function answerRequest(request: IncomingMessage, path: string): Promise<TAnswer> {
    if (path !== '/add-checkpoint') return plain(404, 'not found');
    if (request.method !== 'POST') return plain(405, 'use POST');
    const wait = limit(request.socket.remoteAddress ?? 'unknown', Date.now());
    // The body of a 429 is the seconds to wait, also sent as Retry-After.
    if (wait > 0) return plain(429, String(wait));
    const body = await readBody(request);
    if (body === null) return plain(413, 'request too large');
    return addCheckpoint(options, body);
  }

  return createServer((request, response) => {
    void (async () => {
      const path = new URL(request.url ?? '/', 'http://witness').pathname;
      if (path === '/' && (request.method === 'GET' || request.method === 'HEAD')) {
        send(response, plain(200, about));
        return;
      }
      const answer = await answerRequest(request, path);
      if (answer.status === 429) send(response, answer, { 'retry-after': answer.body.trim() });
      else send(response, answer, answer.status === 405 ? { allow: 'POST' } : {});
      // Cosignatures are routine; refusals are what an operator looks at.
      if (answer.status !== 200) options.log(`${path} ${answer.status} ${answer.body.trim()}`);
    })().catch((error: unknown) => {
      options.log(`internal error: ${error instanceof Error ? error.message : String(error)}`);
      if (!response.headersSent) send(response, plain(500, 'internal error'));
      else response.destroy();
    });
  });
}
