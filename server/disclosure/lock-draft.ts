import 'server-only';
import type { TTx } from '@/server/db/client';

/**
 * Locks one draft for the rest of the transaction. Editing, requesting, withdrawing and deciding all
 * take it first, so a request always covers the text as it is when the request is written, and two
 * reviewers cannot decide the same request at once.
 */
export async function lockDraft(tx: TTx, draftId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM disclosure_draft WHERE id = ${draftId}::uuid FOR UPDATE`;
}
