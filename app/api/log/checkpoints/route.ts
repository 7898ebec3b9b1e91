import { db } from '@/server/db/client';
import { allCheckpoints } from '@/server/transparency/checkpoints';

/**
 * Every signed checkpoint, oldest first, as JSON Lines ({"treeSize", "note"}), for keeping outside the
 * system: a later checkpoint must be consistent with each of them (GET /api/log/proofs/consistency).
 */
export async function GET() {
  const lines = (await allCheckpoints(await db())).map((c) =>
    JSON.stringify({ treeSize: Number(c.treeSize), createdAt: c.createdAt.toISOString(), note: c.note }),
  );
  return new Response(lines.length ? `${lines.join('\n')}\n` : '', {
    headers: {
      'content-type': 'application/jsonl; charset=utf-8',
      'content-disposition': 'attachment; filename="consent-log-checkpoints.jsonl"',
      'cache-control': 'no-store',
    },
  });
}
