import { expect, it } from 'vitest';
import { createAccount } from '@/prisma/seed/factories';
import { SignInThrottled, authenticate } from '@/server/auth/authenticate';
import {
  BACK_OFF_MEMORY_MS,
  FIRST_BACK_OFF_MS,
  FREE_FAILURES_PER_NAME_AND_NETWORK,
  MAX_FAILURES_PER_NAME,
  MAX_FAILURES_PER_NETWORK,
  THROTTLE_WINDOW_MS,
  backOffMs,
} from '@/server/auth/login-throttle';
import { actorForSession } from '@/server/auth/session-lookup';
import { trustedDeviceToken } from '@/server/auth/trusted-device';
import { describeEachDatabase, useTestDatabase } from '@/tests/database';
import { TEST_PASSWORD, randomInsuranceNumber } from '@/tests/scenario';

describeEachDatabase('sign-in throttling', (kind) => {
  const database = useTestDatabase(kind);
  const member = () =>
    createAccount(database().prisma, {
      kind: 'MEMBER',
      loginName: randomInsuranceNumber(),
      displayName: 'Mitglied',
      password: TEST_PASSWORD,
    });
  const failNTimes = async (identifier: string, n: number, ip: string) => {
    for (let i = 0; i < n; i++) {
      // Past the limit a failure is refused as throttled; before it, as a plain failure.
      const outcome = await authenticate({ identifier, password: 'falsch' }, ip).catch((error: unknown) => {
        if (error instanceof SignInThrottled) return 'throttled' as const;
        throw error;
      });
      expect(outcome === null || outcome === 'throttled').toBe(true);
    }
  };

  const signIn = (identifier: string, password: string, network: string, options: { trustedDeviceToken?: string } = {}) =>
    authenticate({ identifier, password }, network, options).then(
      (r) => (r === null ? 'failed' : 'signed-in'),
      (error: unknown) => {
        if (error instanceof SignInThrottled) return 'throttled' as const;
        throw error;
      },
    );
  /** Refused, with the wait counted from the last failure (a few seconds of it may have passed on a slow machine). */
  const expectWaitOf = (refusal: unknown, ms: number) => {
    expect(refusal).toBeInstanceOf(SignInThrottled);
    expect((refusal as SignInThrottled).retryAfterSeconds).toBeLessThanOrEqual(ms / 1000);
    expect((refusal as SignInThrottled).retryAfterSeconds).toBeGreaterThan(ms / 1000 - 10);
  };
  /** Moves every recorded attempt back in time, as if that long had passed. */
  const age = (ms: number) =>
    database().prisma.$executeRaw`UPDATE login_failure SET attempted_at = attempted_at - make_interval(secs => ${ms / 1000})`;

  it('holds back only the network that fails with a name, doubling its wait; the member elsewhere signs in, for an unknown name alike', async () => {
    const account = await member();
    const unknown = randomInsuranceNumber();
    for (const name of [account.loginName, unknown]) {
      await failNTimes(name, FREE_FAILURES_PER_NAME_AND_NETWORK, `net:attacker-${name}`);
      // The attacker's network now waits, even with the right password; the wait is the first back-off.
      const refused = await authenticate({ identifier: name, password: TEST_PASSWORD }, `net:attacker-${name}`).catch(
        (error: unknown) => error,
      );
      expectWaitOf(refused, FIRST_BACK_OFF_MS);
    }
    // The member, on another network and a device new to them, is not held back by strangers' failures.
    expect(await signIn(account.loginName, TEST_PASSWORD, 'net:member')).toBe('signed-in');

    // After the wait one more guess is checked, and the next wait is twice as long.
    await age(FIRST_BACK_OFF_MS + 1000);
    expect(await signIn(account.loginName, 'falsch', `net:attacker-${account.loginName}`)).toBe('failed');
    const next = await authenticate({ identifier: account.loginName, password: 'falsch' }, `net:attacker-${account.loginName}`).catch(
      (error: unknown) => error,
    );
    expectWaitOf(next, 2 * FIRST_BACK_OFF_MS);

    // A day later the network's failures are forgotten.
    await age(BACK_OFF_MEMORY_MS);
    expect(await signIn(account.loginName, TEST_PASSWORD, `net:attacker-${account.loginName}`)).toBe('signed-in');
  });

  it("ends a network's back-off for a name when the right password comes from there: the member's own typing mistakes are not held against them later", async () => {
    const account = await member();
    await failNTimes(account.loginName, FREE_FAILURES_PER_NAME_AND_NETWORK, 'net:typist');
    await age(FIRST_BACK_OFF_MS + 1000);
    expect(await signIn(account.loginName, TEST_PASSWORD, 'net:typist')).toBe('signed-in');
    // Five more mistakes are free again, and stay on record.
    for (let i = 0; i < FREE_FAILURES_PER_NAME_AND_NETWORK; i++)
      expect(await signIn(account.loginName, 'falsch', 'net:typist')).toBe('failed');
    expect(await database().prisma.loginFailure.count({ where: { accountId: account.id } })).toBe(2 * FREE_FAILURES_PER_NAME_AND_NETWORK);
  });

  it('waits one minute after the free failures, then twice as long after each further one, at most an hour', () => {
    expect([0, 4, 5, 6, 7, 9, 10, 11, 30].map((n) => backOffMs(n) / 60_000)).toEqual([0, 0, 1, 2, 4, 16, 32, 60, 60]);
  });

  it('refused attempts lengthen no back-off and count towards no ceiling', async () => {
    const account = await member();
    await failNTimes(account.loginName, FREE_FAILURES_PER_NAME_AND_NETWORK, 'net:hammer');
    // Twenty refused attempts: if they counted, the name would be past its ceiling and the wait would grow.
    for (let i = 0; i < MAX_FAILURES_PER_NAME; i++) expect(await signIn(account.loginName, 'falsch', 'net:hammer')).toBe('throttled');
    expect(await database().prisma.loginFailure.count({ where: { accountId: account.id, refused: true } })).toBe(MAX_FAILURES_PER_NAME);
    expect(await signIn(account.loginName, TEST_PASSWORD, 'net:member-2')).toBe('signed-in');
    await age(FIRST_BACK_OFF_MS + 1000);
    expect(await signIn(account.loginName, TEST_PASSWORD, 'net:hammer')).toBe('signed-in');
  });

  it('throttles a name everywhere once failures from all networks together reach the ceiling, and only for a while', async () => {
    const account = await member();
    const networks = Math.ceil(MAX_FAILURES_PER_NAME / FREE_FAILURES_PER_NAME_AND_NETWORK);
    for (let n = 0; n < networks; n++) await failNTimes(account.loginName, FREE_FAILURES_PER_NAME_AND_NETWORK, `net:botnet-${n}`);
    expect(await signIn(account.loginName, TEST_PASSWORD, 'net:member-3')).toBe('throttled');
    await age(THROTTLE_WINDOW_MS + 1000);
    expect(await signIn(account.loginName, TEST_PASSWORD, 'net:member-3')).toBe('signed-in');
  });

  it('checks exactly the free failures of 20 simultaneous wrong passwords from one network, and exactly the ceiling of 30 from 30 networks; a right one leaves no failure', async () => {
    const { prisma } = database();
    const account = await member();
    const burst = (name: string, n: number, network: (i: number) => string) =>
      Promise.all(Array.from({ length: n }, (_, i) => signIn(name, `falsch-${i}`, network(i))));
    for (const name of [account.loginName, randomInsuranceNumber()]) {
      const outcomes = await burst(name, 20, () => `net:swarm-${name}`);
      expect(outcomes.filter((o) => o === 'failed')).toHaveLength(FREE_FAILURES_PER_NAME_AND_NETWORK);
      expect(outcomes.filter((o) => o === 'throttled')).toHaveLength(20 - FREE_FAILURES_PER_NAME_AND_NETWORK);
    }
    const spread = await burst(randomInsuranceNumber(), 30, (i) => `net:spread-${i}`);
    expect(spread.filter((o) => o === 'failed')).toHaveLength(MAX_FAILURES_PER_NAME);
    expect(spread.filter((o) => o === 'throttled')).toHaveLength(30 - MAX_FAILURES_PER_NAME);
    const other = await member();
    expect(await signIn(other.loginName, TEST_PASSWORD, 'net:home')).toBe('signed-in');
    expect(await prisma.loginFailure.count({ where: { accountId: other.id } })).toBe(0);
  });

  it('tells the person after sign-in when they signed in before and how many attempts failed or were refused since', async () => {
    const { prisma } = database();
    const account = await member();
    const first = (await authenticate({ identifier: account.loginName, password: TEST_PASSWORD }, 'net:home'))!;
    expect(await prisma.session.findUniqueOrThrow({ where: { id: first.sessionId } })).toMatchObject({
      previousSignInAt: null,
      failedSignInsBefore: 0,
    });
    const { lastSignInAt: firstSignIn } = await prisma.account.findUniqueOrThrow({ where: { id: account.id } });
    await failNTimes(account.loginName, FREE_FAILURES_PER_NAME_AND_NETWORK + 2, 'net:stranger');
    // Sessions are purged after 30 days, failures kept for 90: the count must not depend on the old session.
    await prisma.session.deleteMany({ where: { id: first.sessionId } });
    const second = (await authenticate({ identifier: account.loginName, password: TEST_PASSWORD }, 'net:home'))!;
    const actor = await actorForSession(second.sessionId);
    expect(actor).toMatchObject({ previousSignInAt: firstSignIn, failedSignInsBefore: FREE_FAILURES_PER_NAME_AND_NETWORK + 2 });
    // The next sign-in counts from this one: nothing failed since.
    const third = (await authenticate({ identifier: account.loginName, password: TEST_PASSWORD }, 'net:home'))!;
    expect(await actorForSession(third.sessionId)).toMatchObject({ failedSignInsBefore: 0 });
  });

  it('lets the member in on a device they signed in on before, however often strangers fail with their name', async () => {
    const account = await member();
    const first = (await authenticate({ identifier: account.loginName, password: TEST_PASSWORD }, 'net:home'))!;
    const device = trustedDeviceToken(first.identifierKey);
    // Past the ceiling: every device that never signed in with the name waits.
    for (let n = 0; n * FREE_FAILURES_PER_NAME_AND_NETWORK < MAX_FAILURES_PER_NAME; n++)
      await failNTimes(account.loginName, FREE_FAILURES_PER_NAME_AND_NETWORK + 1, `net:attacker-3-${n}`);
    expect(
      await authenticate({ identifier: account.loginName, password: TEST_PASSWORD }, 'net:home', { trustedDeviceToken: device }),
    ).toMatchObject({ accountId: account.id });
    // A device token for another name, or a forged one, does not help.
    const other = await member();
    await expect(
      authenticate({ identifier: account.loginName, password: TEST_PASSWORD }, 'net:home', {
        trustedDeviceToken: trustedDeviceToken('0'.repeat(32)),
      }),
    ).rejects.toBeInstanceOf(SignInThrottled);
    await expect(
      authenticate({ identifier: account.loginName, password: TEST_PASSWORD }, 'net:home', {
        trustedDeviceToken: `${device.slice(0, -2)}xx`,
      }),
    ).rejects.toBeInstanceOf(SignInThrottled);
    expect(other.id).not.toBe(account.id);
  });

  it('throttles one network that tries many names, also for a trusted device', async () => {
    const account = await member();
    const first = (await authenticate({ identifier: account.loginName, password: TEST_PASSWORD }, 'net:botnet'))!;
    for (let i = 0; i < MAX_FAILURES_PER_NETWORK; i++)
      await authenticate({ identifier: randomInsuranceNumber(), password: 'falsch' }, 'net:botnet').catch(() => null);
    await expect(
      authenticate({ identifier: account.loginName, password: TEST_PASSWORD }, 'net:botnet', {
        trustedDeviceToken: trustedDeviceToken(first.identifierKey),
      }),
    ).rejects.toBeInstanceOf(SignInThrottled);
    expect(await authenticate({ identifier: account.loginName, password: TEST_PASSWORD }, 'net:elsewhere')).toMatchObject({
      accountId: account.id,
    });
  });
});
