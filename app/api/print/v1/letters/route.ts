import { db } from '@/server/db/client';
import { lettersAwaitingConfirmation } from '@/server/letters/list-letters';
import { printCaller, printEndpoint } from '@/server/print-api/print-route';
import { jsonResponse } from '@/server/request/json-response';

/**
 * The letters this credential fetched and has not yet reported printed or failed, oldest first: after a crash the
 * print system finds here the letters whose answer it never received, and reports them failed
 * (reason `not-received`), which requests them again with a new code (docs/print-api.md).
 */
async function handle(request: Request) {
  const caller = await printCaller(request, 'list');
  if ('response' in caller) return caller.response;
  const letters = await lettersAwaitingConfirmation(await db(), caller.credential);
  return jsonResponse(200, {
    letters: letters.map((l) => ({ id: l.id, attempt: l.attempt, handedAt: l.handedAt.toISOString(), codeValidUntil: l.codeExpiresAt.toISOString() })),
  });
}

export function GET(request: Request) {
  return printEndpoint(() => handle(request));
}
