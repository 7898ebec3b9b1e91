import 'server-only';
import { type TAdminActor, STAFF_KINDS } from '@/server/auth/admin-actor';
import type { TTx } from '@/server/db/client';
import type { AccountKind } from '@/server/db/generated/enums';

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

export type TStaffUnderLock =
  | { ok: false; reason: 'not-found' | 'self' }
  | { ok: true; account: { id: string; kind: AccountKind; deactivatedAt: Date | null }; lastActiveAdmin: boolean };

/**
 * The start of every change an administrator makes to another staff account's standing: under the
 * administrators' lock, the actor must still be one (someone may have demoted them since their role was
 * read), the account must be staff, and not their own (no one locks themselves out by mistake).
 * `lastActiveAdmin` says whether the account is the only active administrator left.
 */
export async function staffAccountUnderLock(tx: TTx, actor: TAdminActor, accountId: string): Promise<TStaffUnderLock> {
  const admins = await lockActiveAdmins(tx);
  if (!admins.includes(actor.id)) return { ok: false, reason: 'not-found' };
  const account = await tx.account.findFirst({
    where: { id: accountId, kind: { in: [...STAFF_KINDS] } },
    select: { id: true, kind: true, deactivatedAt: true },
  });
  if (!account) return { ok: false, reason: 'not-found' };
  if (account.id === actor.id) return { ok: false, reason: 'self' };
  return { ok: true, account, lastActiveAdmin: account.kind === 'ADMIN' && admins.every((id) => id === account.id) };
}
