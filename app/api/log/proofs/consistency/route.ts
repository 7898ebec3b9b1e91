import { db } from '@/server/db/client';
import { badQuery, jsonResponse } from '@/server/request/json-response';
import { ZConsistencyQuery, consistencyProofFor } from '@/server/transparency/proofs';

/** RFC 6962 consistency proof between two signed checkpoints: the older log is a prefix of the newer one. Public: hashes only. */
export async function GET(request: Request) {
  const query = ZConsistencyQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return badQuery(query.error);
  const proof = await consistencyProofFor(await db(), query.data);
  return proof ? jsonResponse(200, proof) : jsonResponse(404, { error: 'no-checkpoint-of-that-size' });
}
