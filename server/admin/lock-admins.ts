import 'server-only';
import type { TTx } from '@/server/db/client';

/**
 * Locks the rows of every active administrator for the rest of the transaction and counts them: two
 * administrators demoting or deactivating each other at the same moment cannot both pass the
 * "last active administrator" check.
 */
export async function lockActiveAdmins(tx: TTx): Promise<string[]> {
  const rows = await tx.$queryRaw<
    { id: string }[]
  >`SELECT id::text AS id FROM account WHERE kind = 'ADMIN' AND deactivated_at IS NULL ORDER BY id FOR UPDATE`;
  return rows.map((r) => r.id);
}
