import 'server-only';
import type { TTx } from '@/server/db/client';

/** Locks one proposal for the rest of the transaction, so two reviewers (or a reviewer and the proposer withdrawing) cannot both decide it. */
export async function lockProposal(tx: TTx, proposalId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM video_service_proposal WHERE id = ${proposalId}::uuid FOR UPDATE`;
}
