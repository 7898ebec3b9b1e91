import 'server-only';
import { appendLogEntry, loggedTransaction } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import type { TActor } from '@/server/auth/current-actor';
import { SETUP_GRACE_DAYS, mayPostponeSetup, usesSecondFactor } from '@/server/auth/second-factor/policy';
import { hashRecoveryCode, newRecoveryCodes, normaliseRecoveryCode } from '@/server/auth/second-factor/recovery-codes';
import { openSecret, sealSecret } from '@/server/auth/second-factor/secret-box';
import { base32Encode, matchTotp, newTotpSecret } from '@/server/auth/second-factor/totp';
import { attemptCode } from '@/server/auth/second-factor/code-attempt';
import { db } from '@/server/db/client';
import type { TTx } from '@/server/db/client';

export type TSecondFactorStatus = {
  /** The sign-in name, as the authenticator app lists the account. */
  loginName: string;
  enrolled: boolean;
  confirmedAt: Date | null;
  recoveryCodesLeft: number;
  /** Whether this account may still choose "later" (advisors within their grace period). */
  mayPostpone: boolean;
  graceUntil: Date | null;
};

/** The actor's own second-factor state; null for accounts that do not use one (members, employers). */
export async function secondFactorStatus(actor: TActor, now = new Date()): Promise<TSecondFactorStatus | null> {
  if (!usesSecondFactor(actor.kind)) return null;
  const prisma = await db();
  const account = await prisma.account.findUniqueOrThrow({
    where: { id: actor.id },
    select: {
      loginName: true,
      secondFactorGraceUntil: true,
      secondFactor: { select: { confirmedAt: true } },
      _count: { select: { recoveryCodes: { where: { usedAt: null } } } },
    },
  });
  const confirmedAt = account.secondFactor?.confirmedAt ?? null;
  return {
    loginName: account.loginName,
    enrolled: confirmedAt !== null,
    confirmedAt,
    recoveryCodesLeft: account._count.recoveryCodes,
    mayPostpone: confirmedAt === null && mayPostponeSetup(actor.kind, account.secondFactorGraceUntil, now),
    graceUntil: account.secondFactorGraceUntil,
  };
}

/**
 * The key to set up, base32: made on the first call of a session and kept (encrypted) for that session
 * until it is confirmed, so reloading the page shows the same QR code the person may already have
 * scanned. Another session gets a new key (the old one void): someone who signed in with the password
 * alone must not learn the key its owner is about to set up. Null once set up: never shown again.
 */
export async function enrolmentKey(actor: TActor): Promise<string | null> {
  if (!usesSecondFactor(actor.kind)) return null;
  const prisma = await db();
  const existing = await prisma.secondFactor.findUnique({
    where: { accountId: actor.id },
    select: { secretEncrypted: true, confirmedAt: true, setupSessionId: true },
  });
  if (existing?.confirmedAt) return null;
  const opened = existing?.setupSessionId === actor.sessionId ? openSecret(existing.secretEncrypted, actor.id) : null;
  if (opened) return base32Encode(opened);
  const secret = newTotpSecret();
  const fresh = { secretEncrypted: sealSecret(secret, actor.id), setupSessionId: actor.sessionId };
  // Concurrent first visits of one session: the first key written wins and both pages show it.
  await prisma.secondFactor.upsert({
    where: { accountId: actor.id },
    create: { accountId: actor.id, ...fresh },
    update: existing ? fresh : {},
  });
  const stored = await prisma.secondFactor.findUniqueOrThrow({ where: { accountId: actor.id }, select: { secretEncrypted: true } });
  return base32Encode(openSecret(stored.secretEncrypted, actor.id)!);
}

async function replaceRecoveryCodes(tx: TTx, accountId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await tx.recoveryCode.deleteMany({ where: { accountId } });
  await tx.recoveryCode.createMany({
    data: codes.map((code) => ({ accountId, codeHash: hashRecoveryCode(normaliseRecoveryCode(code)!) })),
  });
  return codes;
}

export type TCodeResult = { ok: true; recoveryCodes: string[] } | { ok: false; error: 'wrongCode' | 'notAvailable' | 'throttled' };

/**
 * Confirms the key with a first code from the person's app, creates ten recovery codes (returned
 * once, stored hashed) and ends the account's other sessions: they were opened without the second factor.
 */
export async function confirmEnrolment(actor: TActor, code: string, now = new Date()): Promise<TCodeResult> {
  if (!usesSecondFactor(actor.kind)) return { ok: false, error: 'notAvailable' };
  const prisma = await db();
  const factor = await prisma.secondFactor.findUnique({
    where: { accountId: actor.id },
    select: { secretEncrypted: true, confirmedAt: true, setupSessionId: true },
  });
  // Only the session that was shown this key may confirm it.
  if (!factor || factor.confirmedAt || factor.setupSessionId !== actor.sessionId) return { ok: false, error: 'notAvailable' };
  const secret = openSecret(factor.secretEncrypted, actor.id);
  const step = secret ? matchTotp(secret, code, now, null) : null;
  if (step === null) return { ok: false, error: 'wrongCode' };
  let codes: string[] = [];
  const done = await loggedTransaction(prisma, async (tx) => {
    const { count } = await tx.secondFactor.updateMany({
      where: { accountId: actor.id, confirmedAt: null, setupSessionId: actor.sessionId },
      data: { confirmedAt: now, lastUsedStep: step, setupSessionId: null },
    });
    if (count !== 1) return false;
    codes = await replaceRecoveryCodes(tx, actor.id);
    await tx.session.updateMany({
      where: { accountId: actor.id, revokedAt: null, id: { not: actor.sessionId } },
      data: { revokedAt: now },
    });
    await appendLogEntry(tx, {
      eventType: LOG_EVENT.secondFactorEnrolled,
      payload: { channel: 'web', method: 'totp' },
      personal: { actorId: actor.id, ipPseudonym: actor.ipPseudonym },
    });
    return true;
  });
  return done ? { ok: true, recoveryCodes: codes } : { ok: false, error: 'notAvailable' };
}

/**
 * New recovery codes, the old ones void. Asks for a current code first (whoever holds an unattended,
 * signed-in browser should not get codes that outlive the session), throttled and recorded like the code
 * step of a sign-in (attemptCode), and ends the other sessions.
 */
export async function regenerateRecoveryCodes(actor: TActor, code: string, now = new Date()): Promise<TCodeResult> {
  if (!usesSecondFactor(actor.kind)) return { ok: false, error: 'notAvailable' };
  const prisma = await db();
  const enrolled = await prisma.secondFactor.count({ where: { accountId: actor.id, confirmedAt: { not: null } } });
  if (enrolled === 0) return { ok: false, error: 'notAvailable' };
  const attempt = await attemptCode(prisma, { accountId: actor.id, ipPseudonym: actor.ipPseudonym }, now, async (tx) => {
    const factor = await tx.secondFactor.findUniqueOrThrow({
      where: { accountId: actor.id },
      select: { secretEncrypted: true, lastUsedStep: true },
    });
    const secret = openSecret(factor.secretEncrypted, actor.id);
    const step = secret ? matchTotp(secret, code, now, factor.lastUsedStep) : null;
    if (step === null) return null;
    // The step is used up here as at sign-in.
    await tx.secondFactor.update({ where: { accountId: actor.id }, data: { lastUsedStep: step } });
    const codes = await replaceRecoveryCodes(tx, actor.id);
    await tx.session.updateMany({
      where: { accountId: actor.id, revokedAt: null, id: { not: actor.sessionId } },
      data: { revokedAt: now },
    });
    await appendLogEntry(tx, {
      eventType: LOG_EVENT.recoveryCodesRegenerated,
      payload: { channel: 'web' },
      personal: { actorId: actor.id, ipPseudonym: actor.ipPseudonym },
    });
    return codes;
  });
  if (attempt.outcome === 'ok') return { ok: true, recoveryCodes: attempt.value };
  return { ok: false, error: attempt.outcome === 'throttled' ? 'throttled' : 'wrongCode' };
}

/**
 * "Later" for this session. The grace period starts at the first postponement and is never extended;
 * kinds in SECOND_FACTOR_REQUIRED_KINDS cannot postpone at all. False when not allowed.
 */
export async function postponeSetup(actor: TActor, now = new Date()): Promise<boolean> {
  const status = await secondFactorStatus(actor, now);
  if (!status?.mayPostpone) return false;
  const prisma = await db();
  const graceUntil = status.graceUntil ?? new Date(now.getTime() + SETUP_GRACE_DAYS * 24 * 60 * 60 * 1000);
  await loggedTransaction(prisma, async (tx) => {
    await tx.account.updateMany({ where: { id: actor.id, secondFactorGraceUntil: null }, data: { secondFactorGraceUntil: graceUntil } });
    await tx.session.updateMany({
      where: { id: actor.sessionId, accountId: actor.id, revokedAt: null },
      data: { secondFactorPostponed: true },
    });
    await appendLogEntry(tx, {
      eventType: LOG_EVENT.secondFactorPostponed,
      payload: { channel: 'web', graceUntil: graceUntil.toISOString() },
      personal: { actorId: actor.id, ipPseudonym: actor.ipPseudonym },
    });
  });
  return true;
}
