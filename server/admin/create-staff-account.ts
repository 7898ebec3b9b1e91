import 'server-only';
import { type TAdminActor, isAdmin, logPersonal } from '@/server/auth/admin-actor';
import type { TCreateStaffInput } from '@/server/admin/staff-input';
import { appendLogEntry, loggedTransaction } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import { initialPassword } from '@/server/auth/provision-account';
import { hashPassword } from '@/server/auth/password-hashing';
import type { TDb } from '@/server/db/client';
import { INITIAL_PASSWORD_VALID_DAYS } from '@/server/auth/initial-password';

export type TCreateStaffResult =
  | { ok: true; accountId: string; loginName: string; initialPassword: string; expiresAt: Date }
  | { ok: false; reason: 'not-found' | 'exists' };

/**
 * A joiner: a staff account with an initial password, shown once to the administrator (never stored
 * in clear, never logged), to be changed at the first sign-in and void after INITIAL_PASSWORD_VALID_DAYS.
 */
export async function createStaffAccount(
  prisma: TDb,
  actor: TAdminActor,
  input: TCreateStaffInput,
  now = new Date(),
): Promise<TCreateStaffResult> {
  if (!isAdmin(actor)) return { ok: false, reason: 'not-found' };
  const password = initialPassword();
  const passwordHash = await hashPassword(password);
  const expiresAt = new Date(now.getTime() + INITIAL_PASSWORD_VALID_DAYS * 24 * 60 * 60_000);
  return loggedTransaction(prisma, async (tx) => {
    if (await tx.account.findUnique({ where: { loginName: input.login }, select: { id: true } }))
      return { ok: false, reason: 'exists' } as const;
    const account = await tx.account.create({
      data: {
        kind: input.kind,
        loginName: input.login,
        displayName: input.name,
        passwordHash,
        mustChangePassword: true,
        initialPasswordExpiresAt: expiresAt,
      },
      select: { id: true },
    });
    await appendLogEntry(tx, {
      eventType: LOG_EVENT.staffAccountCreated,
      payload: { role: input.kind },
      personal: logPersonal(actor, account.id),
    });
    return { ok: true, accountId: account.id, loginName: input.login, initialPassword: password, expiresAt } as const;
  });
}
