import { randomInt, randomUUID } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import { createAccount } from '@/prisma/seed/factories';
import { changeStaffRole } from '@/server/admin/change-staff-role';
import { deactivateStaffAccount } from '@/server/admin/deactivate-staff-account';
import { resetSecondFactor } from '@/server/admin/reset-second-factor';
import { authenticate } from '@/server/auth/authenticate';
import { changePassword } from '@/server/auth/change-password';
import { endSession } from '@/server/auth/end-session';
import { type TRequestSessionLookup, actorForSession, createRequestSessionLookup } from '@/server/auth/session-lookup';
import type { AccountKind } from '@/server/db/generated/enums';
import { requestPasswordLetter } from '@/server/letters/request-letter';
import { describeEachDatabase, useTestDatabase } from '@/tests/database';
import { TEST_PASSWORD, actorFor, randomInsuranceNumber } from '@/tests/scenario';

// Two app instances, as the database sees them: each its own cache and its own listening connection.
describeEachDatabase('session cache across instances', (kind) => {
  // Every check runs right after the change's commit, without waiting: "at once" is the promise (0073).
  const database = useTestDatabase(kind);
  const prisma = () => database().prisma;
  const instances: TRequestSessionLookup[] = [];

  afterEach(async () => {
    await Promise.all(instances.splice(0).map((i) => i.cache.stop()));
  });

  async function twoInstances() {
    const pair = [createRequestSessionLookup(database()), createRequestSessionLookup(database())] as const;
    instances.push(...pair);
    await expect.poll(() => pair.every((i) => i.cache.stats().listening)).toBe(true);
    return pair;
  }

  async function person(kindOf: AccountKind) {
    const tag = randomInt(1e9).toString(36);
    const loginName = kindOf === 'MEMBER' ? randomInsuranceNumber() : `${kindOf.toLowerCase()}.${tag}`;
    const account = await createAccount(prisma(), { kind: kindOf, loginName, displayName: `${kindOf} ${tag}`, password: TEST_PASSWORD });
    const signIn = async () => (await authenticate({ identifier: loginName, password: TEST_PASSWORD }, undefined))!.sessionId;
    return { account, signIn };
  }

  /**
   * Waits until both instances heard every change committed so far (a sign-in's own changes are announced
   * too): announcements reach each listener in commit order, so hearing a marker sent now is enough.
   */
  async function heardEverything(pair: readonly TRequestSessionLookup[]) {
    const marker = `s:${randomUUID()}`;
    await prisma().$executeRaw`SELECT pg_notify('session_changed', ${marker})`;
    for (const instance of pair) await expect.poll(() => instance.cache.stats().lastChange).toBe(marker);
  }

  /** Both instances answer for the session, the second from memory on its second lookup. */
  async function cachedOnBoth(pair: readonly TRequestSessionLookup[], sessionId: string) {
    await heardEverything(pair);
    for (const instance of pair) expect(await instance.actorFor(sessionId)).not.toBeNull();
    const { hits } = pair[1]!.cache.stats();
    expect(await pair[1]!.actorFor(sessionId)).not.toBeNull();
    expect(pair[1]!.cache.stats().hits, 'served from memory').toBe(hits + 1);
  }

  /** What the other instance answers right after the change committed: the same as the table, read afresh. */
  async function otherInstanceAgrees(instance: TRequestSessionLookup, sessionId: string) {
    expect(await instance.actorFor(sessionId)).toEqual(await actorForSession(sessionId));
  }

  it('forgets a session on every instance at sign-out, at a revocation by SQL, and at a password change', async () => {
    const pair = await twoInstances();
    const member = await person('MEMBER');
    const signedOut = await member.signIn();
    await cachedOnBoth(pair, signedOut);
    await endSession({ ...(await pair[0].actorFor(signedOut))!, ipPseudonym: undefined });
    await otherInstanceAgrees(pair[1], signedOut);
    expect(await pair[1].actorFor(signedOut)).toBeNull();

    // An operator's statement goes through no code of ours: the trigger hears it all the same.
    const revoked = await member.signIn();
    await cachedOnBoth(pair, revoked);
    await prisma().$executeRaw`UPDATE session SET revoked_at = now() WHERE id = ${revoked}::uuid`;
    await otherInstanceAgrees(pair[1], revoked);
    expect(await pair[1].actorFor(revoked)).toBeNull();

    const here = await member.signIn();
    const elsewhere = await member.signIn();
    await cachedOnBoth(pair, elsewhere);
    const newPassword = 'Ein ganz neues Passwort';
    const actor = (await pair[0].actorFor(here))!;
    expect(
      await changePassword(
        { ...actor, ipPseudonym: undefined },
        { currentPassword: TEST_PASSWORD, newPassword, confirmPassword: newPassword },
      ),
    ).toMatchObject({ ok: true });
    await otherInstanceAgrees(pair[1], elsewhere);
    expect(await pair[1].actorFor(elsewhere)).toBeNull();
  });

  it('forgets at a password letter, a deactivation, a role change and a second-factor reset', async () => {
    const pair = await twoInstances();
    const admin = await person('ADMIN');
    const adminActor = actorFor(admin.account);

    const member = await person('MEMBER');
    const memberSession = await member.signIn();
    await cachedOnBoth(pair, memberSession);
    expect(
      await requestPasswordLetter(prisma(), adminActor, { member: member.account.loginName, language: 'de', confirm: 'yes', block: 'yes' }),
    ).toMatchObject({ ok: true });
    await otherInstanceAgrees(pair[1], memberSession);
    expect(await pair[1].actorFor(memberSession)).toBeNull();

    const leaver = await person('ADVISOR');
    const leaverSession = await leaver.signIn();
    await cachedOnBoth(pair, leaverSession);
    expect(await deactivateStaffAccount(prisma(), adminActor, leaver.account.id)).toMatchObject({ ok: true });
    await otherInstanceAgrees(pair[1], leaverSession);
    expect(await pair[1].actorFor(leaverSession)).toBeNull();

    const moved = await person('ADVISOR');
    const movedSession = await moved.signIn();
    await cachedOnBoth(pair, movedSession);
    expect(await changeStaffRole(prisma(), adminActor, { accountId: moved.account.id, kind: 'COMPLIANCE' })).toMatchObject({ ok: true });
    await otherInstanceAgrees(pair[1], movedSession);
    expect(await pair[1].actorFor(movedSession)).toBeNull();

    const reset = await person('COMPLIANCE');
    const resetSession = await reset.signIn();
    await cachedOnBoth(pair, resetSession);
    expect(await resetSecondFactor(adminActor, reset.account.id)).toEqual({ ok: true });
    await otherInstanceAgrees(pair[1], resetSession);
    expect(await pair[1].actorFor(resetSession)).toBeNull();
  });

  it('follows a change that alters a session without ending it, and keeps no read that a change overtook', async () => {
    const pair = await twoInstances();
    const member = await person('MEMBER');
    const sessionId = await member.signIn();
    await cachedOnBoth(pair, sessionId);
    await prisma().account.update({ where: { id: member.account.id }, data: { mustChangePassword: true, displayName: 'Neu' } });
    await otherInstanceAgrees(pair[1], sessionId);
    expect(await pair[1].actorFor(sessionId)).toMatchObject({ mustChangePassword: true, displayName: 'Neu' });

    // A lookup that read the row before a change committed, and finishes after the change was announced.
    const [instance] = pair;
    const stale = await instance.cache.lookup(sessionId, async () => {
      const read = (await pair[1].cache.lookup(sessionId, () => Promise.resolve(null)))!;
      const { changesHeard } = instance.cache.stats();
      await prisma().account.update({ where: { id: member.account.id }, data: { displayName: 'Später' } });
      await expect.poll(() => instance.cache.stats().changesHeard).toBeGreaterThan(changesHeard);
      return read;
    });
    expect(stale).toMatchObject({ displayName: 'Neu' });
    expect(instance.cache.stats().entries, 'the overtaken read was not kept').toBe(0);
    expect(await instance.actorFor(sessionId)).toMatchObject({ displayName: 'Später' });
  });

  it.runIf(kind === 'postgres')('keeps nothing while its listening connection is lost, and caches again once it listens', async () => {
    const pair = await twoInstances();
    const member = await person('MEMBER');
    const sessionId = await member.signIn();
    await cachedOnBoth(pair, sessionId);
    await prisma().$queryRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE application_name = 'consent-gateway-sessions' AND datname = current_database()`;
    await expect.poll(() => pair[1].cache.stats()).toMatchObject({ listening: false, entries: 0 });
    const { misses } = pair[1].cache.stats();
    expect(await pair[1].actorFor(sessionId)).not.toBeNull();
    expect(await pair[1].actorFor(sessionId)).not.toBeNull();
    expect(pair[1].cache.stats()).toMatchObject({ misses: misses + 2, entries: 0 });
    await expect.poll(() => pair[1].cache.stats().listening, { timeout: 10_000 }).toBe(true);
    await cachedOnBoth(pair, sessionId);
  });
});
