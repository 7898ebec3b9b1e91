import { expect, it } from 'vitest';
import { authenticate } from '@/server/auth/authenticate';
import { changePassword } from '@/server/auth/change-password';
import { actorForSession } from '@/server/auth/session-lookup';
import { endSession } from '@/server/auth/end-session';
import { describeEachDatabase, useTestDatabase } from '@/tests/database';
import { TEST_PASSWORD, createScenario } from '@/tests/scenario';

describeEachDatabase('sessions', (kind) => {
  const database = useTestDatabase(kind);

  it('opens a session for the right password and records failures, never saying which accounts exist', async () => {
    const { member } = await createScenario(database().prisma);
    expect(await authenticate({ identifier: member.loginName, password: 'wrong' }, 'net:x')).toBeNull();
    expect(await authenticate({ identifier: 'A000000000', password: TEST_PASSWORD }, 'net:x')).toBeNull();
    expect(await authenticate({ identifier: member.loginName, password: TEST_PASSWORD.repeat(100) }, 'net:x')).toBeNull();
    const ok = await authenticate({ identifier: member.loginName.toLowerCase().replace(/^(.)/, '$1 '), password: TEST_PASSWORD }, 'net:x');
    expect(ok?.accountId).toBe(member.id);
    const events = await database().prisma.logEntryPersonal.findMany({
      where: { data: { path: ['actorId'], equals: member.id } },
      select: { queueId: true },
    });
    const types = await database().prisma.logQueueEntry.findMany({
      where: { id: { in: events.map((e) => e.queueId) } },
      orderBy: { id: 'asc' },
      select: { eventType: true },
    });
    expect(types.map((t) => t.eventType)).toEqual(['auth.login']);
    // Failures stay out of the chained log, and an unknown account leaves the same trace as a known one.
    expect(await database().prisma.loginFailure.count({ where: { accountId: member.id } })).toBe(1); // the oversized one is refused unread
    expect(await database().prisma.loginFailure.count({ where: { accountId: null, ipPseudonym: 'net:x' } })).toBeGreaterThanOrEqual(1);
  });

  it('ends a session at sign-out, after the idle timeout, and all of them on a password change', async () => {
    const { member } = await createScenario(database().prisma);
    const login = () => authenticate({ identifier: member.loginName, password: TEST_PASSWORD }, undefined);
    const first = (await login())!;
    const actor = (await actorForSession(first.sessionId))!;
    expect(actor).toMatchObject({ id: member.id, kind: 'MEMBER' });

    await endSession({ ...actor, ipPseudonym: undefined });
    expect(await actorForSession(first.sessionId)).toBeNull();

    const second = (await login())!;
    expect(await actorForSession(second.sessionId, new Date(Date.now() + 29 * 60_000))).not.toBeNull();
    expect(await actorForSession(second.sessionId, new Date(Date.now() + 60 * 60_000))).toBeNull();
    expect(await actorForSession(second.sessionId)).toBeNull(); // revoked for good, not only while idle

    const a = (await login())!;
    const b = (await login())!;
    const actorA = (await actorForSession(a.sessionId))!;
    const newPassword = 'Ein ganz neues Passwort';
    expect(
      await changePassword({ ...actorA, ipPseudonym: undefined }, { currentPassword: 'falsch', newPassword, confirmPassword: newPassword }),
    ).toEqual({
      ok: false,
      field: 'currentPassword',
      error: 'wrongCurrent',
    });
    expect(await actorForSession(b.sessionId)).not.toBeNull();
    // A common password is refused, and nothing changes.
    const common = 'Passwort-2026!!';
    expect(
      await changePassword(
        { ...actorA, ipPseudonym: undefined },
        { currentPassword: TEST_PASSWORD, newPassword: common, confirmPassword: common },
      ),
    ).toEqual({
      ok: false,
      field: 'newPassword',
      error: 'weak_common',
    });
    expect(await actorForSession(a.sessionId)).not.toBeNull();
    expect(
      await changePassword(
        { ...actorA, ipPseudonym: undefined },
        { currentPassword: TEST_PASSWORD, newPassword, confirmPassword: newPassword },
      ),
    ).toEqual({ ok: true });
    expect(await actorForSession(a.sessionId)).toBeNull();
    expect(await actorForSession(b.sessionId)).toBeNull();
    expect(await authenticate({ identifier: member.loginName, password: newPassword }, undefined)).not.toBeNull();
  });
});
