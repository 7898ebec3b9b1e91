import { expect, it } from 'vitest';
import { authenticate } from '@/server/auth/authenticate';
import { MAX_CHANGE_PASSWORD_FAILURES, changePassword } from '@/server/auth/change-password';
import { actorForSession } from '@/server/auth/session-lookup';
import { describeEachDatabase, useTestDatabase } from '@/tests/database';
import { TEST_PASSWORD, createScenario } from '@/tests/scenario';

describeEachDatabase('changing the password', (kind) => {
  const database = useTestDatabase(kind);

  async function signedInMember() {
    const { member } = await createScenario(database().prisma);
    const session = (await authenticate({ identifier: member.loginName, password: TEST_PASSWORD }, 'net:home'))!;
    return { member, actor: { ...(await actorForSession(session.sessionId))!, ipPseudonym: 'net:home' } };
  }

  it('checks exactly the limit of 20 simultaneous wrong current passwords, then refuses even the right one for a while', async () => {
    const { member, actor } = await signedInMember();
    const newPassword = 'Ein ganz neues Passwort';
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        changePassword(actor, { currentPassword: `falsch-${i}`, newPassword, confirmPassword: newPassword }),
      ),
    );
    const errors = outcomes.map((o) => (o.ok ? 'changed' : o.error));
    expect(errors.filter((e) => e === 'wrongCurrent')).toHaveLength(MAX_CHANGE_PASSWORD_FAILURES);
    expect(errors.filter((e) => e === 'throttled')).toHaveLength(20 - MAX_CHANGE_PASSWORD_FAILURES);
    // Every attempt is on record, against the account and the network, like a failed sign-in.
    expect(
      await database().prisma.loginFailure.count({ where: { accountId: member.id, step: 'change_password', ipPseudonym: 'net:home' } }),
    ).toBe(20);
    expect(await changePassword(actor, { currentPassword: TEST_PASSWORD, newPassword, confirmPassword: newPassword })).toEqual({
      ok: false,
      field: 'currentPassword',
      error: 'throttled',
    });
    // Signing in is a step of its own: the member can still sign in.
    expect(await authenticate({ identifier: member.loginName, password: TEST_PASSWORD }, 'net:home')).toMatchObject({
      accountId: member.id,
    });
  });

  it('takes a right current password back off the count', async () => {
    const { member, actor } = await signedInMember();
    const newPassword = 'Ein ganz neues Passwort';
    expect(await changePassword(actor, { currentPassword: 'falsch', newPassword, confirmPassword: newPassword })).toMatchObject({
      error: 'wrongCurrent',
    });
    expect(await changePassword(actor, { currentPassword: TEST_PASSWORD, newPassword, confirmPassword: newPassword })).toEqual({
      ok: true,
    });
    expect(await database().prisma.loginFailure.count({ where: { accountId: member.id, step: 'change_password' } })).toBe(1);
  });
});
