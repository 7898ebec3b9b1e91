import { expect, it } from 'vitest';
import { createAccount } from '@/prisma/seed/factories';
import { SignInThrottled, authenticate } from '@/server/auth/authenticate';
import { MAX_FAILURES_PER_NAME, MAX_FAILURES_PER_NETWORK, THROTTLE_WINDOW_MS } from '@/server/auth/login-throttle';
import { trustedDeviceToken } from '@/server/auth/trusted-device';
import { describeEachDatabase, useTestDatabase } from '@/tests/database';
import { TEST_PASSWORD, randomInsuranceNumber } from '@/tests/scenario';

describeEachDatabase('sign-in throttling', (kind) => {
  const database = useTestDatabase(kind);
  const member = () => createAccount(database().prisma, { kind: 'MEMBER', loginName: randomInsuranceNumber(), displayName: 'Mitglied', password: TEST_PASSWORD });
  const failNTimes = async (identifier: string, n: number, ip: string) => {
    for (let i = 0; i < n; i++) {
      // Past the limit a failure is refused as throttled; before it, as a plain failure.
      const outcome = await authenticate({ identifier, password: 'falsch' }, ip).catch((error: unknown) => (error instanceof SignInThrottled ? 'throttled' : Promise.reject(error)));
      expect(outcome === null || outcome === 'throttled').toBe(true);
    }
  };

  it('throttles a name after repeated failures, for an existing account and an unknown one alike, and only for a while', async () => {
    const { prisma } = database();
    const account = await member();
    await failNTimes(account.loginName, MAX_FAILURES_PER_NAME, 'net:attacker');
    // Now not even the right password is checked, from anywhere without a trusted-device cookie.
    await expect(authenticate({ identifier: account.loginName, password: TEST_PASSWORD }, 'net:member')).rejects.toBeInstanceOf(SignInThrottled);
    // A name nobody has behaves the same way: throttling tells nothing about which accounts exist.
    const unknown = randomInsuranceNumber();
    await failNTimes(unknown, MAX_FAILURES_PER_NAME, 'net:attacker-2');
    await expect(authenticate({ identifier: unknown, password: TEST_PASSWORD }, 'net:other')).rejects.toBeInstanceOf(SignInThrottled);

    // The throttle ends by itself once the failures are older than the window.
    await prisma.loginFailure.updateMany({ where: {}, data: { attemptedAt: new Date(Date.now() - THROTTLE_WINDOW_MS - 1000) } });
    expect(await authenticate({ identifier: account.loginName, password: TEST_PASSWORD }, 'net:member')).toMatchObject({ accountId: account.id });
  });

  it('checks exactly the limit of 20 simultaneous wrong passwords for one name, for an account and an unknown name alike; a right one leaves no failure', async () => {
    const { prisma } = database();
    const account = await member();
    for (const name of [account.loginName, randomInsuranceNumber()]) {
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          authenticate({ identifier: name, password: `falsch-${i}` }, `net:swarm-${i}`).then(
            (r) => (r === null ? 'checked' : 'signed-in'),
            (error: unknown) => (error instanceof SignInThrottled ? 'throttled' : Promise.reject(error)),
          ),
        ),
      );
      expect(outcomes.filter((o) => o === 'checked')).toHaveLength(MAX_FAILURES_PER_NAME);
      expect(outcomes.filter((o) => o === 'throttled')).toHaveLength(20 - MAX_FAILURES_PER_NAME);
    }
    const other = await member();
    expect(await authenticate({ identifier: other.loginName, password: TEST_PASSWORD }, 'net:home')).toMatchObject({ accountId: other.id });
    expect(await prisma.loginFailure.count({ where: { accountId: other.id } })).toBe(0);
  });

  it("lets the member in on a device they signed in on before, however often strangers fail with their name", async () => {
    const account = await member();
    const first = (await authenticate({ identifier: account.loginName, password: TEST_PASSWORD }, 'net:home'))!;
    const device = trustedDeviceToken(first.identifierKey);
    await failNTimes(account.loginName, MAX_FAILURES_PER_NAME + 3, 'net:attacker-3');
    expect(await authenticate({ identifier: account.loginName, password: TEST_PASSWORD }, 'net:home', { trustedDeviceToken: device })).toMatchObject({ accountId: account.id });
    // A device token for another name, or a forged one, does not help.
    const other = await member();
    await expect(authenticate({ identifier: account.loginName, password: TEST_PASSWORD }, 'net:home', { trustedDeviceToken: trustedDeviceToken('0'.repeat(32)) })).rejects.toBeInstanceOf(SignInThrottled);
    await expect(authenticate({ identifier: account.loginName, password: TEST_PASSWORD }, 'net:home', { trustedDeviceToken: `${device.slice(0, -2)}xx` })).rejects.toBeInstanceOf(SignInThrottled);
    expect(other.id).not.toBe(account.id);
  });

  it('throttles one network that tries many names, also for a trusted device', async () => {
    const account = await member();
    const first = (await authenticate({ identifier: account.loginName, password: TEST_PASSWORD }, 'net:botnet'))!;
    for (let i = 0; i < MAX_FAILURES_PER_NETWORK; i++) await authenticate({ identifier: randomInsuranceNumber(), password: 'falsch' }, 'net:botnet').catch(() => null);
    await expect(authenticate({ identifier: account.loginName, password: TEST_PASSWORD }, 'net:botnet', { trustedDeviceToken: trustedDeviceToken(first.identifierKey) })).rejects.toBeInstanceOf(SignInThrottled);
    expect(await authenticate({ identifier: account.loginName, password: TEST_PASSWORD }, 'net:elsewhere')).toMatchObject({ accountId: account.id });
  });
});
