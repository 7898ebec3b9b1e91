import type { NextRequest } from 'next/server';
import { REDIRECT_SIGN_IN_PROVIDERS, handlers } from '@/server/auth/auth';

/**
 * Auth.js answers here only the callbacks of sign-in providers that redirect (OIDC; none yet). Its
 * built-in sign-in, sign-out and error pages and its session, CSRF and provider endpoints are not
 * offered: the gateway signs in and out through its own actions, and only those revoke the session row
 * (Auth.js's sign-out cleared the cookie and left the session valid for a copy of it; 0048).
 */
function callbacksOnly(handler: (request: NextRequest) => Promise<Response>) {
  return (request: NextRequest): Promise<Response> | Response => {
    const [action, provider, ...rest] = request.nextUrl.pathname.replace(/^\/api\/auth\//, '').split('/');
    if (action === 'callback' && provider && rest.length === 0 && REDIRECT_SIGN_IN_PROVIDERS.includes(provider)) return handler(request);
    return new Response('Not found.', {
      status: 404,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
    });
  };
}

export const GET = callbacksOnly(handlers.GET);
export const POST = callbacksOnly(handlers.POST);
