import { db } from '@/server/db/client';
import { badQuery, jsonResponse } from '@/server/request/json-response';
import { ZInclusionQuery, inclusionProofFor } from '@/server/transparency/proofs';

/** RFC 6962 inclusion proof of one log entry (leaf index = sequence number − 1) against a signed checkpoint. Public: hashes only. */
export async function GET(request: Request) {
  const query = ZInclusionQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return badQuery(query.error);
  const proof = await inclusionProofFor(await db(), query.data);
  return proof ? jsonResponse(200, proof) : jsonResponse(404, { error: 'no-checkpoint-of-that-size' });
}
