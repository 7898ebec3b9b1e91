import { MEMBER_KINDS } from '@/server/auth/current-actor';
import { routeActor } from '@/server/auth/route-actor';
import { exportMemberData } from '@/server/member-data/export-member-data';
import { isSameOrigin } from '@/server/request/same-origin';

/**
 * The member's own data as a JSON file (GDPR Art. 15, 20). A POST from the history page's plain form:
 * the browser saves the file and stays on the page, with or without JavaScript. Logged by the export.
 */
export async function POST(request: Request) {
  if (!isSameOrigin(request.headers)) return new Response('Forbidden.', { status: 403, headers: { 'cache-control': 'no-store' } });
  const resolved = await routeActor(MEMBER_KINDS);
  if ('response' in resolved) return resolved.response;
  // A POST from the gateway's own form: the origin check above is the arrival check.
  const data = await exportMemberData(resolved.actor, 'json', 'own-page');
  if (!data || 'confirmRead' in data) return new Response('Not found.', { status: 404, headers: { 'cache-control': 'no-store' } });
  const day = data.exportedAt.slice(0, 10);
  return new Response(`${JSON.stringify(data, null, 2)}\n`, {
    status: 200,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="consent-data-${day}.json"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
