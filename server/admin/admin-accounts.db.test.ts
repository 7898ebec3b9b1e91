import { randomInt } from 'node:crypto';
import { expect, it } from 'vitest';
import { createAccount, createConsultation } from '@/prisma/seed/factories';
import { changeStaffRole } from '@/server/admin/change-staff-role';
import { createStaffAccount } from '@/server/admin/create-staff-account';
import { deactivateStaffAccount } from '@/server/admin/deactivate-staff-account';
import { getStaffAccount, listStaff } from '@/server/admin/list-staff';
import { isSignInLocked } from '@/server/admin/sign-in-status';
import { unlockSignIn } from '@/server/admin/unlock-sign-in';
import { authenticate } from '@/server/auth/authenticate';
import { MAX_FAILURES_PER_NAME, identifierKey } from '@/server/auth/login-throttle';
import { actorForSession } from '@/server/auth/session-lookup';
import type { TDb } from '@/server/db/client';
import type { AccountKind } from '@/server/db/generated/enums';
import { describeEachDatabase, useTestDatabase } from '@/tests/database';
import { entriesAbout } from '@/tests/entries-about';
import { TEST_PASSWORD, actorFor, createServices, randomInsuranceNumber } from '@/tests/scenario';

const tag = () => randomInt(1e9).toString(36);

async function staff(prisma: TDb, kind: AccountKind, name = 'Person') {
  return createAccount(prisma, {
    kind,
    loginName: `${kind.toLowerCase()}.${tag()}`,
    displayName: `${name} ${tag()}`,
    password: TEST_PASSWORD,
  });
}

async function signIn(name: string, password = TEST_PASSWORD, network?: string) {
  return authenticate({ identifier: name, password }, network);
}

describeEachDatabase('administrator: staff accounts', (kind) => {
  const database = useTestDatabase(kind);
  const prisma = () => database().prisma;

  it('lists staff with their status only for administrators', async () => {
    const admin = await staff(prisma(), 'ADMIN');
    const advisor = await staff(prisma(), 'ADVISOR');
    const locked = await staff(prisma(), 'COMPLIANCE');
    const member = await createAccount(prisma(), {
      kind: 'MEMBER',
      loginName: randomInsuranceNumber(),
      displayName: 'Mitglied',
      password: TEST_PASSWORD,
    });
    for (let i = 0; i < MAX_FAILURES_PER_NAME; i++)
      await prisma().loginFailure.create({ data: { identifierKey: identifierKey(locked.loginName) } });

    for (const other of [advisor, locked, member]) expect(await listStaff(prisma(), actorFor(other))).toEqual([]);
    const rows = await listStaff(prisma(), actorFor(admin));
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(advisor.id)?.status).toBe('active');
    expect(byId.get(locked.id)?.status).toBe('locked');
    expect(byId.has(member.id)).toBe(false);
    expect(await getStaffAccount(prisma(), actorFor(advisor), advisor.id)).toBeNull();
    expect(await getStaffAccount(prisma(), actorFor(admin), member.id)).toBeNull();
  });

  it('creates a joiner whose initial password works once and must be changed, logged without the password', async () => {
    const admin = await staff(prisma(), 'ADMIN');
    const compliance = await staff(prisma(), 'COMPLIANCE');
    const login = `new.${tag()}`;
    expect(await createStaffAccount(prisma(), actorFor(compliance), { kind: 'ADVISOR', login, name: 'Neu' })).toEqual({
      ok: false,
      reason: 'not-found',
    });
    expect(await prisma().account.count({ where: { loginName: login } })).toBe(0);

    const created = await createStaffAccount(prisma(), actorFor(admin), { kind: 'ADVISOR', login, name: 'Neu' });
    if (!created.ok) throw new Error('not created');
    expect(await createStaffAccount(prisma(), actorFor(admin), { kind: 'COMPLIANCE', login, name: 'Doppelt' })).toEqual({
      ok: false,
      reason: 'exists',
    });
    const session = await signIn(login, created.initialPassword);
    expect((await actorForSession(session!.sessionId))?.mustChangePassword).toBe(true);
    const entries = await entriesAbout(prisma(), created.accountId);
    expect(entries.map((e) => [e.event_type, e.payload, e.personal.actorId])).toEqual([
      ['admin.account_created', { role: 'ADVISOR' }, admin.id],
    ]);
    expect(JSON.stringify(entries)).not.toContain(created.initialPassword);
  });

  it("changes a role, ending the sessions, but not one's own", async () => {
    const admin = await staff(prisma(), 'ADMIN');
    const advisor = await staff(prisma(), 'ADVISOR');
    const session = await signIn(advisor.loginName);
    expect(await changeStaffRole(prisma(), actorFor(advisor), { accountId: advisor.id, kind: 'ADMIN' })).toEqual({
      ok: false,
      reason: 'not-found',
    });
    expect(await changeStaffRole(prisma(), actorFor(admin), { accountId: admin.id, kind: 'ADVISOR' })).toEqual({
      ok: false,
      reason: 'self',
    });
    expect(await changeStaffRole(prisma(), actorFor(admin), { accountId: advisor.id, kind: 'ADVISOR' })).toEqual({
      ok: false,
      reason: 'unchanged',
    });

    expect(await changeStaffRole(prisma(), actorFor(admin), { accountId: advisor.id, kind: 'COMPLIANCE' })).toEqual({
      ok: true,
      sessionsEnded: 1,
    });
    expect(await actorForSession(session!.sessionId)).toBeNull();
    expect((await prisma().account.findUniqueOrThrow({ where: { id: advisor.id } })).kind).toBe('COMPLIANCE');
    expect((await entriesAbout(prisma(), advisor.id)).map((e) => [e.event_type, e.payload])).toEqual([
      ['admin.role_changed', { from: 'ADVISOR', to: 'COMPLIANCE', sessionsEnded: 1 }],
    ]);
  });

  it('keeps one administrator when two demote each other at the same moment', async () => {
    // Only these two are administrators in this database: earlier tests' are made advisors first.
    const first = await staff(prisma(), 'ADMIN');
    const second = await staff(prisma(), 'ADMIN');
    await prisma().account.updateMany({ where: { kind: 'ADMIN', id: { notIn: [first.id, second.id] } }, data: { kind: 'ADVISOR' } });
    const results = await Promise.all([
      changeStaffRole(prisma(), actorFor(first), { accountId: second.id, kind: 'ADVISOR' }),
      changeStaffRole(prisma(), actorFor(second), { accountId: first.id, kind: 'ADVISOR' }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await prisma().account.count({ where: { kind: 'ADMIN', deactivatedAt: null } })).toBe(1);
    // The one left cannot leave either.
    const left = await prisma().account.findFirstOrThrow({ where: { kind: 'ADMIN', deactivatedAt: null } });
    const demoted = left.id === first.id ? second : first;
    expect((await deactivateStaffAccount(prisma(), actorFor({ ...demoted, kind: 'ADMIN' }), left.id)).ok).toBe(false);
    expect(await deactivateStaffAccount(prisma(), actorFor(left), left.id)).toEqual({ ok: false, reason: 'self' });
  });

  it('deactivates a leaver at once: sessions revoked, sign-in refused like a wrong password, open consultations counted', async () => {
    const admin = await staff(prisma(), 'ADMIN');
    const leaver = await staff(prisma(), 'ADVISOR');
    const services = await createServices(prisma());
    const member = await createAccount(prisma(), {
      kind: 'MEMBER',
      loginName: randomInsuranceNumber(),
      displayName: 'Mitglied',
      password: TEST_PASSWORD,
    });
    await createConsultation(prisma(), {
      memberId: member.id,
      advisorId: leaver.id,
      videoServiceId: services.own.id,
      topic: 'Offen',
      startsAt: new Date(Date.now() + 86_400_000),
    });
    const sessions = [await signIn(leaver.loginName), await signIn(leaver.loginName)];
    // A role change waits for the hand-over (only advisors can hand over); leaving does not.
    expect(await changeStaffRole(prisma(), actorFor(admin), { accountId: leaver.id, kind: 'COMPLIANCE' })).toEqual({
      ok: false,
      reason: 'open-consultations',
    });

    expect(await deactivateStaffAccount(prisma(), actorFor(leaver), leaver.id)).toEqual({ ok: false, reason: 'not-found' });
    expect(await deactivateStaffAccount(prisma(), actorFor(admin), leaver.id)).toEqual({
      ok: true,
      sessionsEnded: 2,
      openConsultations: 1,
    });
    for (const s of sessions) expect(await actorForSession(s!.sessionId)).toBeNull();
    expect(await signIn(leaver.loginName)).toBeNull();
    expect(await deactivateStaffAccount(prisma(), actorFor(admin), leaver.id)).toEqual({ ok: false, reason: 'already' });
    const detail = await getStaffAccount(prisma(), actorFor(admin), leaver.id);
    expect([detail?.status, detail?.consultations.length]).toEqual(['deactivated', 1]);
    expect((await entriesAbout(prisma(), leaver.id)).map((e) => e.event_type)).toEqual(['admin.account_deactivated']);
  });

  it('unlocks a throttled name for administrators only, keeping the failures on record', async () => {
    const admin = await staff(prisma(), 'ADMIN');
    const compliance = await staff(prisma(), 'COMPLIANCE');
    const member = await createAccount(prisma(), {
      kind: 'MEMBER',
      loginName: randomInsuranceNumber(),
      displayName: 'Mitglied',
      password: TEST_PASSWORD,
    });
    // Strangers from several networks reach the name's ceiling (one network alone only waits itself, 0049).
    for (let i = 0; i < MAX_FAILURES_PER_NAME; i++) await signIn(member.loginName, 'falsch-falsch', `net:stranger-${i % 4}`);
    expect(await isSignInLocked(prisma(), member.loginName)).toBe(true);
    await expect(signIn(member.loginName)).rejects.toThrow('sign-in throttled');

    expect(await unlockSignIn(prisma(), actorFor(compliance), member.loginName)).toEqual({ ok: false, reason: 'not-found' });
    expect(await isSignInLocked(prisma(), member.loginName)).toBe(true);
    expect(await unlockSignIn(prisma(), actorFor(admin), 'x.does.not.exist')).toEqual({ ok: false, reason: 'not-found' });
    const done = await unlockSignIn(prisma(), actorFor(admin), member.loginName.toLowerCase());
    expect(done).toMatchObject({ ok: true, accountId: member.id });
    expect(await isSignInLocked(prisma(), member.loginName)).toBe(false);
    expect(await signIn(member.loginName)).not.toBeNull();
    expect(await prisma().loginFailure.count({ where: { identifierKey: identifierKey(member.loginName) } })).toBeGreaterThanOrEqual(
      MAX_FAILURES_PER_NAME,
    );
    expect((await entriesAbout(prisma(), member.id)).map((e) => e.event_type)).toContain('admin.sign_in_unlocked');
  });
});
