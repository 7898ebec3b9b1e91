import { db } from '@/server/db/client';
import { latestCheckpoint } from '@/server/transparency/checkpoints';

/** The newest signed checkpoint of the consent log, as a C2SP note (public: hashes only, no personal data). */
export async function GET() {
  const checkpoint = await latestCheckpoint(await db());
  if (!checkpoint)
    return new Response('No checkpoint has been signed yet.\n', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  return new Response(checkpoint.note, { headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache' } });
}
