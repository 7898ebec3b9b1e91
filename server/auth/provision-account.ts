import 'server-only';
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { INITIAL_PASSWORD_VALID_DAYS } from '@/server/auth/initial-password';
import type { TLocale } from '@/i18n/locales';
import { NO_PASSWORD, hashPassword } from '@/server/auth/password-hashing';
import { classifyLoginIdentifier } from '@/server/auth/identifiers';
import type { TDb } from '@/server/db/client';

export const ZProvisionInput = z
  .object({
    kind: z.enum(['MEMBER', 'EMPLOYER', 'ADVISOR', 'COMPLIANCE', 'ADMIN']),
    login: z.string().trim().min(3).max(64),
    name: z.string().trim().min(1).max(120),
  })
  .transform((input, ctx) => {
    const identifier = classifyLoginIdentifier(input.login);
    const expected = { MEMBER: 'insurance-number', EMPLOYER: 'company-number', ADVISOR: 'staff', COMPLIANCE: 'staff', ADMIN: 'staff' }[
      input.kind
    ];
    if (identifier.kind !== expected || !('value' in identifier)) {
      ctx.addIssue({ code: 'custom', path: ['login'], message: `not a valid ${expected.replace('-', ' ')}` });
      return z.NEVER;
    }
    if (identifier.kind === 'staff' && !/^[a-z][a-z0-9._-]{2,63}$/.test(identifier.value)) {
      ctx.addIssue({
        code: 'custom',
        path: ['login'],
        message: 'staff user names: letters, digits, ".", "_" or "-", starting with a letter',
      });
      return z.NEVER;
    }
    return { ...input, login: identifier.value };
  });

// No 0/O, 1/l/I: the password is typed from a printed letter.
const LETTER_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** An initial password for the letter: 4 groups of 4, about 93 bits. */
export function initialPassword(): string {
  return Array.from({ length: 4 }, () => Array.from({ length: 4 }, () => LETTER_ALPHABET[randomInt(LETTER_ALPHABET.length)]).join('')).join(
    '-',
  );
}

export type TProvisionResult =
  | { ok: true; accountId: string; initialPassword: string }
  | { ok: true; accountId: string; letterId: string }
  | { ok: false; reason: 'exists' };

const MEMBER_KINDS = new Set(['MEMBER', 'EMPLOYER']);

/**
 * Creates an account. Staff get an initial password, shown once to whoever provisions them and to be
 * changed at the first sign-in within INITIAL_PASSWORD_VALID_DAYS. Members and employers get none that
 * anyone sees: their account waits for a password letter, queued here, whose code the print system
 * makes when it fetches the letter (docs/decisions/0042).
 */
export async function provisionAccount(
  prisma: TDb,
  input: z.output<typeof ZProvisionInput>,
  options: { language?: TLocale } = {},
): Promise<TProvisionResult> {
  if (await prisma.account.findUnique({ where: { loginName: input.login }, select: { id: true } })) return { ok: false, reason: 'exists' };
  if (MEMBER_KINDS.has(input.kind)) {
    return prisma.$transaction(async (tx) => {
      const account = await tx.account.create({
        data: { kind: input.kind, loginName: input.login, displayName: input.name, passwordHash: NO_PASSWORD, mustChangePassword: true },
        select: { id: true },
      });
      const letter = await tx.passwordLetter.create({
        data: { accountId: account.id, requestedByKind: 'OPERATOR', language: options.language ?? 'de', firstAccess: true },
        select: { id: true },
      });
      return { ok: true, accountId: account.id, letterId: letter.id } as const;
    });
  }
  const password = initialPassword();
  const account = await prisma.account.create({
    data: {
      kind: input.kind,
      loginName: input.login,
      displayName: input.name,
      passwordHash: await hashPassword(password),
      mustChangePassword: true,
      // Like every initial password (docs/decisions/0041): void if not replaced in time.
      initialPasswordExpiresAt: new Date(Date.now() + INITIAL_PASSWORD_VALID_DAYS * 24 * 60 * 60_000),
    },
    select: { id: true },
  });
  return { ok: true, accountId: account.id, initialPassword: password };
}
