import { db } from '@/server/db/client';
import { env } from '@/server/env';
import { requestLogger } from '@/server/logging/request-logger';
import { claimNextLetter } from '@/server/letters/claim-letter';
import { renderLetterPdf } from '@/server/letters/render-letter';
import { printCaller, printEndpoint, printProblem } from '@/server/print-api/print-route';
import { jsonResponse } from '@/server/request/json-response';
import { readBodyText } from '@/server/request/read-form';

/**
 * The print system fetches the oldest waiting letter (docs/print-api.md). The answer is the only place
 * its code ever exists: the PDF, made in memory, sent once, stored nowhere. 204 when none is waiting.
 */
async function handle(request: Request) {
  const caller = await printCaller(request, 'claim');
  if ('response' in caller) return caller.response;
  // The request carries nothing: no body, or an empty JSON object. Anything else is refused before a
  // letter is touched, so a confused client never takes a letter it cannot handle.
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== '' && type !== 'application/json') return printProblem(415, 'unsupported-media-type');
  const body = await readBodyText(request, 1024);
  if (!body.ok) return printProblem(413, 'too-large');
  if (body.text.trim() !== '' && body.text.replace(/\s/g, '') !== '{}') return printProblem(400, 'bad-request');
  // The address printed in the letter is the configured public origin, never one taken from the request:
  // a letter must not send members to whatever host the caller named.
  const origin = env().AUTH_URL;
  if (!origin) {
    (await requestLogger()).error({ printApi: 'claim' }, 'print API: AUTH_URL is not set, so no letter can name the sign-in address');
    return printProblem(503, 'not-configured');
  }
  const signInUrl = new URL('/login', origin).toString();
  const log = await requestLogger();
  const claimed = await claimNextLetter(await db(), caller.credential, (letter) =>
    renderLetterPdf(letter, signInUrl).catch((error: unknown) => {
      // Only the letter's id and the renderer's message: no name, no code.
      log.error({ printApi: 'claim', letterId: letter.id, reason: error instanceof Error ? error.message : 'unknown' }, 'print API: a letter could not be rendered');
      throw error;
    }),
  );
  if (!claimed) return new Response(null, { status: 204, headers: { 'cache-control': 'no-store' } });
  const { letter, rendered } = claimed;
  return jsonResponse(200, {
    letter: {
      id: letter.id,
      attempt: letter.attempt,
      recipient: letter.recipient,
      language: letter.language,
      handedAt: letter.handedAt.toISOString(),
      codeValidUntil: letter.codeExpiresAt.toISOString(),
    },
    pdf: rendered.toString('base64'),
  });
}

export function POST(request: Request) {
  return printEndpoint(() => handle(request));
}
