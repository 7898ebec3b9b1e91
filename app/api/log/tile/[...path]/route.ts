import { getActor, isRestricted } from '@/server/auth/current-actor';
import { type TSessionReader, answerTileRequest } from '@/server/compliance/auditors/answer-tile-request';
import { openProcessDatabase } from '@/server/db/client';
import { requestLogger } from '@/server/logging/request-logger';

/** A compliance officer's session reads every entry bundle; anyone else signed in finds nothing there. */
const officerSession: TSessionReader = async () => {
  const actor = await getActor();
  if (!actor || isRestricted(actor)) return { refused: 'sign-in' };
  if (actor.kind !== 'COMPLIANCE') return { refused: 'not-found' };
  return { reader: { kind: 'officer', actor } };
};

/** The log's tiles (C2SP tlog-tiles); the app's server answers those that need no session before Next sees them (0063). */
export async function GET(request: Request, { params }: { params: Promise<{ path: string[] }> }) {
  const answer = await answerTileRequest(await openProcessDatabase(), {
    segments: (await params).path,
    headers: request.headers,
    fromSession: officerSession,
    log: await requestLogger(),
    gzipTaken: false,
  });
  return new Response(new Uint8Array(answer.body), { status: answer.status, headers: answer.headers });
}
