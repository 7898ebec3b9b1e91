import { expect, it } from 'vitest';
import { createAccount } from '@/prisma/seed/factories';
import { SignInThrottled, authenticate } from '@/server/auth/authenticate';
import type { TActor } from '@/server/auth/current-actor';
import { completeSignIn } from '@/server/auth/second-factor/complete-sign-in';
import {
  confirmEnrolment,
  enrolmentKey,
  postponeSetup,
  regenerateRecoveryCodes,
  secondFactorStatus,
} from '@/server/auth/second-factor/enrolment';
import { MAX_SECOND_FACTOR_FAILURES } from '@/server/auth/second-factor/policy';
import { resetSecondFactor } from '@/server/admin/reset-second-factor';
import { base32Decode, totpCode, totpStep } from '@/server/auth/second-factor/totp';
import { actorForSession } from '@/server/auth/session-lookup';
import { describeEachDatabase, useTestDatabase } from '@/tests/database';
import { TEST_PASSWORD, TEST_TOTP_SECRET, createScenario, testSecondFactor } from '@/tests/scenario';
import type { AccountKind } from '@/server/db/generated/enums';

const codeAt = (key: string, at: number, offset = 0n) => totpCode(base32Decode(key)!, totpStep(at) + offset);

describeEachDatabase('second factor', (kind) => {
  const database = useTestDatabase(kind);
  const prisma = () => database().prisma;
  let n = 0;
  const staff = (accountKind: AccountKind, enrolled = false) =>
    createAccount(prisma(), {
      kind: accountKind,
      loginName: `tfa.${accountKind.toLowerCase()}.${kind}.${Date.now()}.${++n}`,
      displayName: 'Zwei Faktor',
      password: TEST_PASSWORD,
      ...(enrolled ? { secondFactor: testSecondFactor() } : {}),
    });
  /** Signs in with the password only, as the login form does, and returns the actor of the resulting session. */
  const passwordSession = async (loginName: string) => {
    const result = (await authenticate({ identifier: loginName, password: TEST_PASSWORD }, 'net:tfa'))!;
    return { result, actor: await actorForSession(result.sessionId) };
  };
  const asActor = (actor: Awaited<ReturnType<typeof actorForSession>>): TActor => ({ ...actor!, ipPseudonym: 'net:tfa' });
  const events = async (accountId: string) => {
    const personal = await prisma().logEntryPersonal.findMany({
      where: { data: { path: ['actorId'], equals: accountId } },
      select: { queueId: true },
    });
    const rows = await prisma().logQueueEntry.findMany({
      where: { id: { in: personal.map((p) => p.queueId) } },
      orderBy: { id: 'asc' },
      select: { eventType: true, payload: true },
    });
    return rows;
  };

  it('restricts an unenrolled officer to setup, enrols with a first code and shows ten recovery codes once', async () => {
    const officer = await staff('COMPLIANCE');
    const { result, actor } = await passwordSession(officer.loginName);
    expect(result.secondFactorPending).toBe(false);
    expect(actor?.secondFactorSetupRequired).toBe(true);
    expect(await postponeSetup(asActor(actor))).toBe(false); // compliance cannot skip
    expect((await actorForSession(result.sessionId))?.secondFactorSetupRequired).toBe(true);

    const key = (await enrolmentKey(asActor(actor)))!;
    expect(await enrolmentKey(asActor(actor))).toBe(key); // the same key on reload
    const stored = await prisma().secondFactor.findUniqueOrThrow({ where: { accountId: officer.id } });
    expect(stored.secretEncrypted).not.toContain(key); // encrypted at rest
    expect(stored.confirmedAt).toBeNull();

    const other = await passwordSession(officer.loginName); // a second browser, also restricted
    expect(await confirmEnrolment(asActor(actor), '000000')).toEqual(expect.objectContaining({ ok: false }));
    const confirmed = await confirmEnrolment(asActor(actor), codeAt(key, Date.now()));
    if (!confirmed.ok) throw new Error('not confirmed');
    expect(confirmed.recoveryCodes).toHaveLength(10);
    expect(new Set(confirmed.recoveryCodes).size).toBe(10);
    const hashes = await prisma().recoveryCode.findMany({ where: { accountId: officer.id }, select: { codeHash: true } });
    expect(hashes).toHaveLength(10);
    expect(hashes.some((h) => confirmed.recoveryCodes.some((c) => h.codeHash.includes(c.replace(/-/g, ''))))).toBe(false);
    expect((await actorForSession(result.sessionId))?.secondFactorSetupRequired).toBe(false);
    expect(await actorForSession(other.result.sessionId)).toBeNull(); // opened without the second factor: ended
    expect(await enrolmentKey(asActor(actor))).toBeNull(); // never shown again
    expect((await events(officer.id)).map((e) => e.eventType)).toContain('auth.second_factor_enrolled');
  });

  it('asks an enrolled account for the code after the password: the pending session is no session', async () => {
    const advisor = await staff('ADVISOR', true);
    const { result, actor } = await passwordSession(advisor.loginName);
    expect(result.secondFactorPending).toBe(true);
    expect(actor).toBeNull();
    expect((await events(advisor.id)).map((e) => e.eventType)).not.toContain('auth.login');

    const now = new Date();
    expect(await completeSignIn(result.sessionId, { code: '000000' }, 'net:tfa', now)).toBeNull();
    expect(await prisma().loginFailure.count({ where: { accountId: advisor.id, step: 'second_factor' } })).toBe(1);
    const signedIn = (await completeSignIn(result.sessionId, { code: codeAt(TEST_TOTP_SECRET, now.getTime()) }, 'net:tfa', now))!;
    expect(signedIn.method).toBe('totp');
    expect(signedIn.sessionId).not.toBe(result.sessionId); // a new session id
    expect((await actorForSession(signedIn.sessionId))?.id).toBe(advisor.id);
    const login = (await events(advisor.id)).find((e) => e.eventType === 'auth.login');
    expect(login?.payload).toMatchObject({ secondFactor: 'totp' });
    // The pending ticket is used up.
    expect(await completeSignIn(result.sessionId, { code: codeAt(TEST_TOTP_SECRET, now.getTime(), 1n) }, 'net:tfa', now)).toBeNull();

    // The same code again, on a fresh password step: refused (each step once); the next step's code works.
    const again = await passwordSession(advisor.loginName);
    expect(await completeSignIn(again.result.sessionId, { code: codeAt(TEST_TOTP_SECRET, now.getTime()) }, 'net:tfa', now)).toBeNull();
    expect(
      (await completeSignIn(again.result.sessionId, { code: codeAt(TEST_TOTP_SECRET, now.getTime(), 1n) }, 'net:tfa', now))?.method,
    ).toBe('totp');
  });

  it('takes each recovery code once, records its use, and renews them all with a current code', async () => {
    const officer = await staff('COMPLIANCE');
    const { actor } = await passwordSession(officer.loginName);
    const key = (await enrolmentKey(asActor(actor)))!;
    const start = Date.now();
    const confirmed = await confirmEnrolment(asActor(actor), codeAt(key, start));
    if (!confirmed.ok) throw new Error('not confirmed');
    const [first, second] = confirmed.recoveryCodes as [string, string];

    const pending = (await passwordSession(officer.loginName)).result;
    const withRecovery = (await completeSignIn(pending.sessionId, { recoveryCode: ` ${first.toUpperCase()} ` }, 'net:tfa'))!;
    expect(withRecovery.method).toBe('recovery_code');
    const used = await events(officer.id);
    expect(used.find((e) => e.eventType === 'auth.recovery_code_used')?.payload).toMatchObject({ remaining: 9 });
    const again = (await passwordSession(officer.loginName)).result;
    expect(await completeSignIn(again.sessionId, { recoveryCode: first }, 'net:tfa')).toBeNull(); // used up

    const full = asActor(await actorForSession(withRecovery.sessionId));
    expect((await secondFactorStatus(full))?.recoveryCodesLeft).toBe(9);
    expect((await regenerateRecoveryCodes(full, '000000')).ok).toBe(false);
    const renewed = await regenerateRecoveryCodes(full, codeAt(key, start, 1n));
    if (!renewed.ok) throw new Error('not renewed');
    expect((await secondFactorStatus(full))?.recoveryCodesLeft).toBe(10);
    expect(await actorForSession(full.sessionId)).not.toBeNull();
    expect(await completeSignIn(again.sessionId, { recoveryCode: renewed.recoveryCodes[0] }, 'net:tfa')).toBeNull(); // other sign-ins ended, pending ones too
    const fresh = (await passwordSession(officer.loginName)).result;
    expect(await completeSignIn(fresh.sessionId, { recoveryCode: second }, 'net:tfa')).toBeNull(); // the old codes are void
    expect(await completeSignIn(fresh.sessionId, { recoveryCode: renewed.recoveryCodes[0] }, 'net:tfa')).not.toBeNull();
  });

  it('throttles the code step after five wrong codes, even for the right code', async () => {
    const advisor = await staff('ADVISOR', true);
    const pending = (await passwordSession(advisor.loginName)).result;
    for (let i = 0; i < MAX_SECOND_FACTOR_FAILURES; i++)
      expect(await completeSignIn(pending.sessionId, { code: '999999' }, `net:tfa-${i}`)).toBeNull();
    await expect(completeSignIn(pending.sessionId, { code: codeAt(TEST_TOTP_SECRET, Date.now()) }, 'net:tfa-x')).rejects.toBeInstanceOf(
      SignInThrottled,
    );
    expect(await prisma().loginFailure.count({ where: { accountId: advisor.id, step: 'second_factor' } })).toBe(
      MAX_SECOND_FACTOR_FAILURES + 1,
    );
  });

  it('lets an advisor postpone for a grace period that starts once and then runs out', async () => {
    const advisor = await staff('ADVISOR');
    const { result, actor } = await passwordSession(advisor.loginName);
    expect(actor?.secondFactorSetupRequired).toBe(true);
    expect(await postponeSetup(asActor(actor))).toBe(true);
    expect((await actorForSession(result.sessionId))?.secondFactorSetupRequired).toBe(false);
    const { graceUntil } = (await secondFactorStatus(asActor(actor)))!;
    expect(graceUntil).not.toBeNull();
    // The next sign-in asks again; postponing again keeps the first deadline.
    const next = await passwordSession(advisor.loginName);
    expect(next.actor?.secondFactorSetupRequired).toBe(true);
    expect(await postponeSetup(asActor(next.actor))).toBe(true);
    expect((await secondFactorStatus(asActor(next.actor)))?.graceUntil).toEqual(graceUntil);
    // After the deadline: no more postponing, and a postponed session is restricted again.
    // (The deadline is moved instead of the clock: a session idle for 14 days has ended anyway.)
    await prisma().account.update({ where: { id: advisor.id }, data: { secondFactorGraceUntil: new Date(Date.now() - 1000) } });
    expect((await actorForSession(next.result.sessionId))?.secondFactorSetupRequired).toBe(true);
    expect(await postponeSetup(asActor(next.actor))).toBe(false);
  });

  it('leaves members alone; only an administrator resets a second factor, which ends the grace period', async () => {
    const { member, advisor } = await createScenario(prisma());
    const memberSession = await passwordSession(member.loginName);
    expect(memberSession.result.secondFactorPending).toBe(false);
    expect(memberSession.actor?.secondFactorSetupRequired).toBe(false);
    const officer = await staff('COMPLIANCE', true);
    const officerActor: TActor = {
      id: officer.id,
      kind: 'COMPLIANCE',
      displayName: 'x',
      sessionId: '00000000-0000-4000-8000-000000000000',
      mustChangePassword: false,
      secondFactorSetupRequired: false,
      idleExpiresAt: new Date(Date.now() + 60_000),
      ipPseudonym: undefined,
      afterPasswordLetter: null,
      previousSignInAt: null,
      failedSignInsBefore: 0,
    };
    expect(await resetSecondFactor(officerActor, advisor.id)).toEqual({ ok: false, reason: 'not-found' });
    expect(await prisma().secondFactor.count({ where: { accountId: advisor.id } })).toBe(1);

    const admin = await staff('ADMIN', true);
    const adminActor: TActor = { ...officerActor, id: admin.id, kind: 'ADMIN' };
    expect(await resetSecondFactor(adminActor, admin.id)).toEqual({ ok: false, reason: 'self' });
    expect(await resetSecondFactor(adminActor, advisor.id)).toEqual({ ok: true });
    expect(await prisma().secondFactor.count({ where: { accountId: advisor.id } })).toBe(0);
    // The advisor never postponed: a reset does not open a fresh grace period.
    const after = await passwordSession(advisor.loginName);
    expect(after.actor?.secondFactorSetupRequired).toBe(true);
    expect(await postponeSetup(asActor(after.actor))).toBe(false);
  });

  it('shows an unconfirmed key to one session only: another session gets a new key, and the first can no longer confirm', async () => {
    const advisor = await staff('ADVISOR');
    const intruder = asActor((await passwordSession(advisor.loginName)).actor);
    const seen = (await enrolmentKey(intruder))!;
    expect(await enrolmentKey(intruder)).toBe(seen); // a reload shows the same key
    const owner = asActor((await passwordSession(advisor.loginName)).actor);
    const own = (await enrolmentKey(owner))!;
    expect(own).not.toBe(seen);
    expect(await confirmEnrolment(intruder, codeAt(seen, Date.now()))).toEqual({ ok: false, error: 'notAvailable' });
    expect((await confirmEnrolment(owner, codeAt(own, Date.now()))).ok).toBe(true);
    expect(await enrolmentKey(intruder)).toBeNull();
  });

  it('serialises simultaneous guesses: no more than the limit are checked, and renewing recovery codes is throttled too', async () => {
    const advisor = await staff('ADVISOR', true);
    const pending = (await passwordSession(advisor.loginName)).result;
    const guesses = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => completeSignIn(pending.sessionId, { code: String(100000 + i) }, 'net:tfa-burst')),
    );
    expect(guesses.filter((g) => g.status === 'rejected' && g.reason instanceof SignInThrottled)).toHaveLength(
      12 - MAX_SECOND_FACTOR_FAILURES,
    );
    expect(await prisma().loginFailure.count({ where: { accountId: advisor.id, step: 'second_factor' } })).toBe(12);

    const other = await staff('ADVISOR', true);
    const first = await passwordSession(other.loginName);
    const signedIn = (await completeSignIn(first.result.sessionId, { code: codeAt(TEST_TOTP_SECRET, Date.now()) }, 'net:tfa-renew'))!;
    const actor = asActor(await actorForSession(signedIn.sessionId));
    for (let i = 0; i < MAX_SECOND_FACTOR_FAILURES; i++)
      expect(await regenerateRecoveryCodes(actor, '000000')).toEqual({ ok: false, error: 'wrongCode' });
    expect(await regenerateRecoveryCodes(actor, codeAt(TEST_TOTP_SECRET, Date.now(), 1n))).toEqual({ ok: false, error: 'throttled' });
  });
});
