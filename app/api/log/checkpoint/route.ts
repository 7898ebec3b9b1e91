import { db } from '@/server/db/client';
import { newestCheckpointNote } from '@/server/witnessing/witnessed-checkpoint';

/**
 * The newest signed checkpoint of the consent log as a C2SP note, with the witnesses' cosignatures it has
 * so far (public: hashes only, no personal data; a verifier ignores signatures of keys it does not know).
 */
export async function GET() {
  const note = await newestCheckpointNote(await db());
  if (!note)
    return new Response('No checkpoint has been signed yet.\n', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  return new Response(note, { headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache' } });
}
