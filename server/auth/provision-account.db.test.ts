import { expect, it } from 'vitest';
import { authenticate } from '@/server/auth/authenticate';
import { ZProvisionInput, initialPassword, provisionAccount } from '@/server/auth/provision-account';
import { actorForSession } from '@/server/auth/session-lookup';
import { describeEachDatabase, useTestDatabase } from '@/tests/database';
import { randomInsuranceNumber } from '@/tests/scenario';

it('parses only logins that fit the kind of account', () => {
  expect(ZProvisionInput.safeParse({ kind: 'MEMBER', login: 'a 123 456 780', name: 'E' }).data).toEqual({
    kind: 'MEMBER',
    login: 'A123456780',
    name: 'E',
  });
  expect(ZProvisionInput.safeParse({ kind: 'MEMBER', login: 'A123456781', name: 'E' }).success).toBe(false);
  expect(ZProvisionInput.safeParse({ kind: 'EMPLOYER', login: 'A123456780', name: 'E' }).success).toBe(false);
  expect(ZProvisionInput.safeParse({ kind: 'ADVISOR', login: 'M.Berger', name: 'M' }).data?.login).toBe('m.berger');
  expect(ZProvisionInput.safeParse({ kind: 'ADVISOR', login: '12345671', name: 'M' }).success).toBe(false);
  expect(initialPassword()).toMatch(/^([A-Za-z2-9]{4}-){3}[A-Za-z2-9]{4}$/);
});

describeEachDatabase('provisioning', (kind) => {
  const database = useTestDatabase(kind);

  it('creates a staff account whose initial password must be changed, once per login', async () => {
    const login = `neu.${Date.now().toString(36)}`;
    const created = await provisionAccount(database().prisma, { kind: 'ADVISOR', login, name: 'Neu' });
    if (!created.ok || !('initialPassword' in created)) throw new Error('not created');
    expect(await provisionAccount(database().prisma, { kind: 'ADVISOR', login, name: 'Doppelt' })).toEqual({ ok: false, reason: 'exists' });
    const session = await authenticate({ identifier: login, password: created.initialPassword }, undefined);
    expect((await actorForSession(session!.sessionId))?.mustChangePassword).toBe(true);
  });

  it('gives a member no password anyone sees: a letter is queued for the print system', async () => {
    const login = randomInsuranceNumber();
    const created = await provisionAccount(database().prisma, { kind: 'MEMBER', login, name: 'Neu' }, { language: 'en' });
    if (!created.ok || !('letterId' in created)) throw new Error('no letter queued');
    expect(created).not.toHaveProperty('initialPassword');
    const letter = await database().prisma.passwordLetter.findUniqueOrThrow({ where: { id: created.letterId } });
    expect(letter).toMatchObject({ accountId: created.accountId, state: 'REQUESTED', requestedByKind: 'OPERATOR', language: 'en' });
    // Before the letter is fetched, nothing signs in: not even the marker that stands in for the hash.
    const account = await database().prisma.account.findUniqueOrThrow({ where: { id: created.accountId } });
    expect(await authenticate({ identifier: login, password: account.passwordHash }, undefined)).toBeNull();
  });
});
