import 'server-only';
import { db } from '@/server/db/client';
import { requestLogger } from '@/server/observability/request-logger';
import { type TPrintCredential, printCredentialFor } from '@/server/print-api/print-credential';
import { jsonResponse } from '@/server/request/json-response';

/**
 * For the print API's route handlers: the print credential the request presents, or the 401 to give
 * instead. Every use, refused or not, is a line in the operations log with the credential's id (never
 * the token); what a use changes is in the consent log as well (docs/decisions/0042).
 */
export async function printCaller(request: Request, endpoint: string): Promise<{ credential: TPrintCredential } | { response: Response }> {
  const credential = await printCredentialFor(await db(), request.headers);
  const log = await requestLogger();
  if (!credential) {
    log.warn({ printApi: endpoint }, 'print API: refused a request without a valid credential');
    return {
      response: new Response(JSON.stringify({ error: 'unauthorized' }), {
        status: 401,
        headers: { 'content-type': 'application/json', 'cache-control': 'no-store', 'www-authenticate': 'Bearer realm="print"' },
      }),
    };
  }
  log.info({ printApi: endpoint, printCredential: credential.id }, 'print API: request');
  return { credential };
}

export function printProblem(status: number, error: string, extra: Record<string, unknown> = {}): Response {
  return jsonResponse(status, { error, ...extra });
}
