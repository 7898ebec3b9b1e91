// A tiny HTTP load balancer for trying several instances on one machine (docs/decisions/0037): round
// robin over the instances whose readiness probe answered 200 at the last check, as a real balancer's
// health check does. It stands in for the TLS-terminating proxy in front of production: it appends the
// caller's address to X-Forwarded-For (the instances trust it with TRUSTED_PROXIES, scripts/serve.mjs) and
// keeps the Host header, so the app's same-origin checks see the address the browser used. Responses
// are streamed, so the advisors' event streams (SSE) pass through. Not for production: no TLS, no retries.
import http from 'node:http';

export type TBalancer = { port: number; close(): Promise<void> };

const CHECK_EVERY_MS = 1_000;
/** Failed checks in a row before an instance gets no more requests. */
const UNHEALTHY_AFTER = 3;

export async function startRoundRobinBalancer(port: number, upstreamPorts: number[], say: (line: string) => void): Promise<TBalancer> {
  const ready = new Map<number, boolean>(upstreamPorts.map((p) => [p, true]));
  const failures = new Map<number, number>(upstreamPorts.map((p) => [p, 0]));
  const check = async (upstream: number) => {
    const ok = await fetch(`http://127.0.0.1:${upstream}/api/ready`, { signal: AbortSignal.timeout(5_000) }).then(
      (r) => r.ok,
      () => false,
    );
    failures.set(upstream, ok ? 0 : failures.get(upstream)! + 1);
    // Like a real balancer's unhealthy threshold: one slow answer under load does not take an instance out.
    const now = ok || failures.get(upstream)! < UNHEALTHY_AFTER;
    if (now !== ready.get(upstream)) say(`instance on port ${upstream} is ${now ? 'ready again' : 'not ready: no new requests go there'}`);
    ready.set(upstream, now);
  };
  let checking = false;
  const checker = setInterval(() => {
    if (checking) return;
    checking = true;
    void Promise.all(upstreamPorts.map(check)).finally(() => (checking = false));
  }, CHECK_EVERY_MS);

  let turn = 0;
  // When no instance passes its check, all get requests again ("fail open", as AWS's balancers do): a
  // readiness probe that is slow because every instance is busy must not turn load into an outage.
  const pick = (): number => {
    const candidates = upstreamPorts.some((p) => ready.get(p)) ? upstreamPorts.filter((p) => ready.get(p)) : upstreamPorts;
    return candidates[turn++ % candidates.length]!;
  };

  const server = http.createServer((request, response) => {
    const upstream = pick();
    const caller = request.socket.remoteAddress ?? '';
    const forwardedFor = request.headers['x-forwarded-for'];
    const headers = {
      ...request.headers,
      'x-forwarded-for': forwardedFor ? `${String(forwardedFor)}, ${caller}` : caller,
      'x-forwarded-proto': 'http',
    };
    const proxied = http.request({ host: '127.0.0.1', port: upstream, method: request.method, path: request.url, headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    proxied.on('error', () => {
      if (!response.headersSent)
        response.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' }).end('The instance did not answer.');
      else response.destroy();
    });
    // The caller went away (e.g. an event stream closed): end the upstream request too.
    response.on('close', () => proxied.destroy());
    request.pipe(proxied);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(checker);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
