import 'server-only';
import { db } from '@/server/db/client';
import { isDatabaseUnavailable } from '@/server/db/database-unavailable';
import { requestLogger } from '@/server/logging/request-logger';
import { type TPrintCredential, checkPrintCredential } from '@/server/print-api/print-credential';
import { jsonResponse } from '@/server/request/json-response';

/**
 * For the print API's route handlers: the print credential the request presents, or the 401 to give
 * instead. Every use, refused or not, is a line in the operations log with the credential's id (never
 * the token); what a use changes is in the consent log as well (docs/decisions/0042).
 */
export async function printCaller(request: Request, endpoint: string): Promise<{ credential: TPrintCredential } | { response: Response }> {
  const check = await checkPrintCredential(await db(), request.headers);
  const log = await requestLogger();
  if (!check.ok) {
    // Which credential a refused token names, and why: a revoked or half-known token being tried is what operations must see.
    log.warn(
      { printApi: endpoint, refused: check.reason, ...(check.credentialId ? { printCredential: check.credentialId } : {}) },
      'print API: refused a request without a valid credential',
    );
    return {
      response: new Response(JSON.stringify({ error: 'unauthorized' }), {
        status: 401,
        headers: { 'content-type': 'application/json', 'cache-control': 'no-store', 'www-authenticate': 'Bearer realm="print"' },
      }),
    };
  }
  log.info({ printApi: endpoint, printCredential: check.credential.id }, 'print API: request');
  return { credential: check.credential };
}

export function printProblem(status: number, error: string, extra: Record<string, unknown> = {}): Response {
  return jsonResponse(status, { error, ...extra });
}

/**
 * Runs a print API handler: while the database is away (a restart, a failover) the print system gets 503
 * with Retry-After, the answer docs/print-api.md tells it to retry on; a fetch that failed took no letter.
 */
export async function printEndpoint(work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    return new Response(JSON.stringify({ error: 'unavailable' }), {
      status: 503,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store', 'retry-after': '5' },
    });
  }
}
