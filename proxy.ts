import { type NextRequest, NextResponse } from 'next/server';

// Request hygiene only; authorization lives in the data layer and the pages (docs/decisions/0012).
const MAX_BODY_BYTES = 64 * 1024;

function hasMalformedEncoding(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}

function plain(status: number, text: string): NextResponse {
  return new NextResponse(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
}

export function proxy(request: NextRequest) {
  // Next answers a malformed %-sequence in a dynamic segment with a 500; it is the client's error.
  if (hasMalformedEncoding(request.nextUrl.pathname)) return plain(400, 'Bad request: malformed URL.');
  // Refused before any form or action is parsed, so an oversized post never reaches application code.
  const length = Number(request.headers.get('content-length') ?? '0');
  if (request.method === 'POST' && length > MAX_BODY_BYTES) return plain(413, 'Request too large.');
  return NextResponse.next();
}

// The proxy costs every request it sees (about 40 % of a trivial route here), so it sees only those
// that can be malformed in its sense: the dynamic routes, and requests that carry a body.
export const config = {
  matcher: [
    '/member/consultations/:path*',
    '/api/consultations/:path*',
    '/api/auth/:path*',
    { source: '/((?!_next/static|_next/image|favicon.ico).*)', has: [{ type: 'header', key: 'content-length' }] },
  ],
};
