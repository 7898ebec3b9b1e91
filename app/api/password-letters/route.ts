import { routeActor } from '@/server/auth/route-actor';
import { db } from '@/server/db/client';
import { LETTER_REQUEST_ERRORS, ZLetterRequestInput, requestPasswordLetter } from '@/server/letters/request-letter';
import { readUrlEncodedForm } from '@/server/request/read-form';
import { isSameOrigin } from '@/server/request/same-origin';

const FORM_FOR = { ADMIN: '/admin/password-letter', ADVISOR: '/advisor/password-letter' } as const;

function backToForm(path: string, query: string): Response {
  // Only a key goes into the address: never the member's number.
  return new Response(null, { status: 303, headers: { location: `${path}?${query}`, 'cache-control': 'no-store' } });
}

/**
 * A request for a password letter, from the administrator's or the advisor's form (a plain POST, so it
 * works without JavaScript). It only queues the letter: the print system fetches it and makes the code,
 * which no one at the insurer ever sees (docs/decisions/0042). Back to the form either way.
 */
export async function POST(request: Request) {
  if (!isSameOrigin(request.headers)) return new Response('Forbidden.', { status: 403, headers: { 'cache-control': 'no-store' } });
  const resolved = await routeActor(['ADMIN', 'ADVISOR']);
  if ('response' in resolved) return resolved.response;
  const { actor } = resolved;
  const form = FORM_FOR[actor.kind as keyof typeof FORM_FOR];
  // Read with a size limit: /api routes are outside the proxy, whose checks do not reach them.
  const read = await readUrlEncodedForm(request);
  if (!read.ok)
    return new Response(read.status === 413 ? 'Request too large.' : 'Unsupported form encoding.', {
      status: read.status,
      headers: { 'cache-control': 'no-store' },
    });
  const { fields } = read;
  const parsed = ZLetterRequestInput.safeParse({
    member: fields.member ?? '',
    language: fields.language ?? '',
    confirm: fields.confirm ?? '',
    block: actor.kind === 'ADMIN' ? (fields.block ?? undefined) : undefined,
  });
  if (!parsed.success) {
    const key = parsed.error.issues[0]?.message ?? 'memberRequired';
    return backToForm(form, `error=${LETTER_REQUEST_ERRORS.includes(key as never) ? key : 'memberRequired'}`);
  }
  const result = await requestPasswordLetter(await db(), actor, parsed.data);
  if (!result.ok) return backToForm(form, `error=${result.reason === 'recent-letter' ? 'recentLetter' : 'memberNotFound'}`);
  return backToForm(form, `requested=${result.alreadyRequested ? 'again' : 'new'}${result.blocked ? '&blocked=1' : ''}`);
}
