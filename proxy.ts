import { type NextRequest, NextResponse } from 'next/server';
import { contentSecurityPolicy, newNonce } from '@/server/request/content-security-policy';
import { REQUEST_ID_HEADER, requestIdFrom } from '@/server/logging/request-id';
import { isPlainActionArguments, isWellFormedMultipart } from '@/server/request/action-envelope';
import { isSameOrigin } from '@/server/request/same-origin';

// Request hygiene only; authorization lives in the data layer and the pages (docs/decisions/0012).
const MAX_BODY_BYTES = 64 * 1024;
const PRINT_BEARER = /^Bearer\s+cgp_/i;
const AUDITOR_BEARER = /^Bearer\s+cga_/i;

function hasMalformedEncoding(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}

/** Files Next serves from disk: the build's assets and the icon. */
function isStaticFile(pathname: string): boolean {
  return pathname.startsWith('/_next/') || pathname === '/favicon.ico';
}

function plain(status: number, text: string, requestId: string): NextResponse {
  return new NextResponse(text, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', [REQUEST_ID_HEADER]: requestId },
  });
}

export async function proxy(request: NextRequest) {
  // The request's id for the log lines it causes: the caller's if it is a safe token, else a fresh
  // one; handed to the pages and handlers as a request header and echoed to the caller.
  const requestId = requestIdFrom(request.headers);
  // The print system is an actor of its own with one API (docs/decisions/0042): wherever else its
  // credential is presented, there is nothing. (Elsewhere the header is ignored anyway: no page or
  // handler but the print API's reads it; this answers the question for it explicitly.)
  if (PRINT_BEARER.test(request.headers.get('authorization') ?? '') && !request.nextUrl.pathname.startsWith('/api/print/'))
    return plain(404, 'Not found.', requestId);
  // So is an auditor's anywhere but the log's entry bundles (docs/decisions/0057).
  if (AUDITOR_BEARER.test(request.headers.get('authorization') ?? '') && !request.nextUrl.pathname.startsWith('/api/log/tile/entries/'))
    return plain(404, 'Not found.', requestId);
  // Next answers a malformed %-sequence in a dynamic segment with a 500; it is the client's error.
  if (hasMalformedEncoding(request.nextUrl.pathname)) return plain(400, 'Bad request: malformed URL.', requestId);
  // Refused before any form or action is parsed, so an oversized post never reaches application code.
  const length = Number(request.headers.get('content-length') ?? '0');
  if (request.method === 'POST' && length > MAX_BODY_BYTES) return plain(413, 'Request too large.', requestId);
  // A post to a page is a Server Action: what Next would answer with a 500 is refused here (0039).
  if (request.method === 'POST') {
    const refusal = await refuseActionPost(request, request.nextUrl.pathname.startsWith('/api/'));
    if (refusal) return plain(refusal.status, refusal.text, requestId);
  }
  const forwarded = new Headers(request.headers);
  forwarded.set(REQUEST_ID_HEADER, requestId);
  if (request.nextUrl.pathname.startsWith('/api/')) {
    const response = NextResponse.next({ request: { headers: forwarded } });
    response.headers.set(REQUEST_ID_HEADER, requestId);
    return response;
  }
  // Pages: a nonce per response, handed to Next through the request's policy (docs/decisions/0035).
  const nonce = newNonce();
  const policy = contentSecurityPolicy(nonce, { development: process.env.NODE_ENV === 'development' });
  forwarded.set('content-security-policy', policy);
  forwarded.set('x-nonce', nonce);
  const response = NextResponse.next({ request: { headers: forwarded } });
  response.headers.set('content-security-policy', policy);
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}

/**
 * Server Action posts Next cannot handle and would answer with a 500: from another site (its own CSRF
 * check throws), without a length (its body limit throws mid-stream), or with arguments our pages never
 * send (its decoder throws). Forms posted without JavaScript carry no Next-Action header and pass.
 */
async function refuseActionPost(request: NextRequest, api: boolean): Promise<{ status: number; text: string } | null> {
  // No Server Action lives under /api or among the static files; Next would still try one (and throw on
  // a cross-site one): there is nothing there.
  if (request.headers.has('next-action') && (api || isStaticFile(request.nextUrl.pathname))) return { status: 404, text: 'Not found.' };
  const contentType = request.headers.get('content-type') ?? '';
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  // Next reads any multipart post as a possible action unless a route handler takes it, even at an
  // /api address no handler serves (its 404 page); our handlers take no multipart bodies.
  // A streamed (unsized) one is refused whole: Next's parser throws on a malformed one too.
  if (type === 'multipart/form-data' && request.headers.get('content-length') === null) return { status: 411, text: 'Length required.' };
  if (type === 'multipart/form-data' && !isWellFormedMultipart(contentType, await request.clone().text()))
    return { status: 400, text: 'Bad request: malformed form.' };
  // Route handlers check their origin and bound their bodies themselves (0012, 0015).
  if (api) return null;
  if (!isSameOrigin(request.headers)) return { status: 403, text: 'Forbidden: cross-site request.' };
  if (request.headers.get('content-length') === null && request.headers.has('transfer-encoding'))
    return { status: 411, text: 'Length required.' };
  if (!request.headers.has('next-action')) return null;
  try {
    if (type === 'multipart/form-data') {
      const args = (await request.clone().formData()).get('0');
      return typeof args === 'string' && isPlainActionArguments(args)
        ? null
        : { status: 400, text: 'Bad request: malformed action arguments.' };
    }
    return isPlainActionArguments(await request.clone().text()) ? null : { status: 400, text: 'Bad request: malformed action arguments.' };
  } catch {
    return { status: 400, text: 'Bad request: malformed form.' };
  }
}

// The proxy costs every request it sees, and a request with a body most (Next buffers the body for it:
// a quarter of the consent submission's time), so it sees only those that can be malformed in its sense.
// The consent decision route bounds its own body (server/request/read-form.ts); the proxy sees it only
// when its address has a %-sequence, which Next could not decode.
export const config = {
  matcher: [
    '/member/consultations/:path*',
    '/member/receipts/:path*',
    '/advisor/consultations/:path*',
    '/api/advisor/:path*',
    '/compliance/:path*',
    '/api/compliance/:path*',
    '/api/consultations/:id/join',
    '/api/consultations/:id(.*%.*)/decision',
    '/api/auth/:path*',
    {
      source: '/((?!_next/static|_next/image|favicon\\.ico|api/consultations/[^/]+/decision$).*)',
      has: [{ type: 'header', key: 'content-length' }],
    },
    // Unsized bodies to any other API address (a handler's or none): see refuseActionPost.
    { source: '/api/((?!consultations/[^/]+/decision$).*)', missing: [{ type: 'header', key: 'content-length' }] },
    // Any post that names a Server Action, also to the static files (see refuseActionPost).
    { source: '/:path*', has: [{ type: 'header', key: 'next-action' }] },
    // A print credential anywhere but the print API (see above).
    { source: '/((?!api/print/).*)', has: [{ type: 'header', key: 'authorization', value: '.*cgp_.*' }] },
    // An auditor credential anywhere but the entry bundles (see above).
    { source: '/((?!api/log/tile/entries/).*)', has: [{ type: 'header', key: 'authorization', value: '.*cga_.*' }] },
    // Every page, for its Content-Security-Policy (a page request is cheap to see: no body).
    '/((?!api/|_next/static|_next/image|favicon\\.ico).*)',
  ],
};
