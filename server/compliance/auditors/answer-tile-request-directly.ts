import 'server-only';
import type { IncomingHttpHeaders } from 'node:http';
import { type TTileAnswer, answerTileRequest } from '@/server/compliance/auditors/answer-tile-request';
import { AUDITOR_TOKEN } from '@/server/compliance/auditors/auditor-credentials';
import { openProcessDatabase } from '@/server/db/client';
import { logger } from '@/server/logging/logger';
import { REQUEST_ID_HEADER, requestIdFrom } from '@/server/logging/request-id';

/** Where the app's server (scripts/serve.mjs) finds the function below once the app has started. */
const HANDOVER = Symbol.for('consent-gateway.answer-tile-request');

const PREFIX = '/api/log/tile/';
// A tile's path exactly as tlog-tiles spells it: no %-sequence, dot segment or trailing slash, for which
// Next has answers of its own (the proxy's 400, a redirect) that this must not replace.
const TILE_PATH = /^\/api\/log\/tile\/(?:entries|\d{1,2})(?:\/x\d{3}){0,5}\/\d{3}(?:\.p\/\d{1,3})?$/;

/**
 * Whether the app's server may answer this without Next: a hash tile asked for without credentials, or an
 * entry bundle with an auditor's. Nothing else: a session (a compliance officer's) is read only through
 * Next, and another credential on this path is the proxy's to turn away.
 */
function answerableDirectly(path: string, headers: IncomingHttpHeaders): boolean {
  if (!TILE_PATH.test(path)) return false;
  const authorization = headers.authorization;
  if (path.startsWith(`${PREFIX}entries/`))
    return authorization !== undefined && AUDITOR_TOKEN.fromHeaders(new Headers({ authorization })) !== null;
  return authorization === undefined;
}

/** Whether an Accept-Encoding header (RFC 9110, 12.5.3) takes gzip: named (or as x-gzip), or by "*", with a weight above 0. */
export function takesGzip(acceptEncoding: string | undefined): boolean {
  const weights = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [coding, ...parameters] = part.split(';').map((p) => p.trim().toLowerCase());
    if (!coding) continue;
    const q = parameters.find((p) => /^q\s*=/.test(p));
    const weight = q ? Number(q.replace(/^q\s*=\s*/, '')) : 1;
    weights.set(coding === 'x-gzip' ? 'gzip' : coding, Number.isFinite(weight) ? weight : 0);
  }
  return (weights.get('gzip') ?? weights.get('*') ?? 0) > 0;
}

/**
 * A GET of one of the log's tiles answered as the route handler answers it, without Next's work per
 * request (routing, the proxy, rendering): a mirror asks thousands of times (docs/decisions/0063). Null:
 * Next answers it. The request's id is taken or made as the proxy does, and echoed.
 */
export async function answerTileRequestDirectly(url: string, incoming: IncomingHttpHeaders): Promise<TTileAnswer | null> {
  const path = url.split('?', 1)[0]!;
  if (!answerableDirectly(path, incoming)) return null;
  const headers = new Headers();
  if (incoming.authorization) headers.set('authorization', incoming.authorization);
  const requestId = requestIdFrom(
    new Headers(typeof incoming[REQUEST_ID_HEADER] === 'string' ? { [REQUEST_ID_HEADER]: incoming[REQUEST_ID_HEADER] } : {}),
  );
  const log = logger().child({ requestId });
  try {
    const answer = await answerTileRequest(await openProcessDatabase(), {
      segments: path.slice(PREFIX.length).split('/'),
      headers,
      fromSession: () => Promise.reject(new Error('a tile request answered directly needs no session')),
      log,
      gzipTaken: takesGzip(incoming['accept-encoding']),
    });
    return { ...answer, headers: { ...answer.headers, [REQUEST_ID_HEADER]: requestId } };
  } catch (error) {
    log.error({ err: error, method: 'GET', route: '/api/log/tile/[...path]', routeType: 'route' }, 'request failed');
    return { status: 500, headers: { 'cache-control': 'no-store', [REQUEST_ID_HEADER]: requestId }, body: new Uint8Array() };
  }
}

/** Hands the function above to the app's server; called once the app has started (instrumentation.ts). */
export function offerTileAnswersToServer(): void {
  (globalThis as Record<symbol, unknown>)[HANDOVER] = answerTileRequestDirectly;
}
