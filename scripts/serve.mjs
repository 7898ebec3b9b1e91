// @ts-check
// node scripts/serve.mjs [--port 3000] [--hostname ADDRESS]   (npm start, the demo, npm run instances, the tests)
// The built app behind a Node HTTP server of our own, not `next start`: only here is the TCP peer known,
// so only here can the client's address be decided against TRUSTED_PROXIES (docs/decisions/0046).
// PORT and HOST work as the options do; without either it listens on every interface at port 3000.
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SECURITY_HEADERS } from './serve/security-headers.mjs';
import { applyTrustedForwarding, parseTrustedProxies } from './serve/trusted-forwarding.mjs';

const dir = process.cwd();

const { values } = parseArgs({ options: { port: { type: 'string', short: 'p' }, hostname: { type: 'string', short: 'H' } } });
const port = Number(values.port ?? process.env.PORT ?? 3000);
const hostname = values.hostname || process.env.HOST || undefined;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`serve: no port "${values.port ?? process.env.PORT}" (0 to 65535)`);
  process.exit(2);
}
if (!existsSync(path.join(dir, '.next', 'BUILD_ID'))) {
  console.error('serve: no production build here: run `npm run build` first');
  process.exit(1);
}
// The app's own graceful shutdown (instrumentation.ts, docs/decisions/0034) takes SIGTERM and SIGINT:
// here nothing else would, and Node's default would end requests in flight.
process.env.NEXT_MANUAL_SIG_HANDLE = 'true';
process.env.NODE_ENV = 'production';
const { default: next } = await import('next');

const app = next({ dev: false, dir, hostname: hostname ?? 'localhost', port });
// Listening at once, as `next start` does: requests that arrive while the app prepares wait for it.
const ready = app.prepare().then(() => {
  // Read after prepare: Next has loaded the .env files by then.
  try {
    return parseTrustedProxies(process.env.TRUSTED_PROXIES);
  } catch (error) {
    console.error(`serve: ${/** @type {Error} */ (error).message}`);
    process.exit(2);
  }
});
ready.catch((error) => {
  console.error('serve: the app did not start', error);
  process.exit(1);
});
const handle = app.getRequestHandler();

/**
 * The app's answer to a GET of one of the log's tiles that needs no session, given once the app has
 * started (instrumentation.ts); null where Next answers. A mirror asks for thousands of tiles, and Next's
 * own work per request was most of the time each took (docs/decisions/0063).
 * @type {() => ((url: string, headers: import('node:http').IncomingHttpHeaders) => Promise<{ status: number; headers: Record<string, string>; body: Uint8Array } | null>) | undefined}
 */
const tileAnswers = () => /** @type {any} */ (globalThis)[Symbol.for('consent-gateway.answer-tile-request')];
const securityHeaders = Object.fromEntries(SECURITY_HEADERS.map(({ key, value }) => [key.toLowerCase(), value]));

/** Answers a tile request without Next where the app can; whether it did. */
async function answeredDirectly(
  /** @type {import('node:http').IncomingMessage} */ request,
  /** @type {import('node:http').ServerResponse} */ response,
) {
  const answerTile = request.method === 'GET' && request.url?.startsWith('/api/log/tile/') ? tileAnswers() : undefined;
  const answer = answerTile && (await answerTile(request.url ?? '', request.headers));
  if (!answer) return false;
  response.writeHead(answer.status, { ...securityHeaders, ...answer.headers, 'content-length': answer.body.byteLength });
  response.end(answer.body);
  return true;
}

const server = createServer((request, response) => {
  ready
    .then(async (trusted) => {
      applyTrustedForwarding(request, trusted);
      if (await answeredDirectly(request, response)) return;
      // BREACH (0045): an answer that may show a secret next to text a visitor chose is never compressed.
      // Next compresses whatever the browser accepts, so only requests for the build's static files
      // (immutable, public) keep their Accept-Encoding.
      if (!request.url?.startsWith('/_next/static/')) delete request.headers['accept-encoding'];
      return handle(request, response);
    })
    .catch((error) => {
      // Next answers its own errors; this is only for one that escaped it, so the process lives on.
      console.error('serve: a request failed outside the app', error);
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end();
    });
});
server.listen(port, hostname, () => {
  const address = server.address();
  const shown =
    typeof address === 'object' && address
      ? `${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`
      : String(address);
  void ready.then((trusted) =>
    console.log(
      `serve: listening on ${shown}${trusted.kind === 'none' ? '' : `, trusting ${trusted.kind === 'hops' ? `${trusted.count} proxy hop(s)` : trusted.text}`}`,
    ),
  );
});
