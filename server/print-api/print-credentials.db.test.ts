import { randomInt } from 'node:crypto';
import { expect, it } from 'vitest';
import { createAccount } from '@/prisma/seed/factories';
import { authenticate } from '@/server/auth/authenticate';
import { claimNextLetter } from '@/server/letters/claim-letter';
import { requestPasswordLetter } from '@/server/letters/request-letter';
import { checkPrintCredential, printCredentialFor } from '@/server/print-api/print-credential';
import {
  activatePrintCredential,
  createPrintCredential,
  listPrintCredentials,
  revokePrintCredential,
} from '@/server/admin/manage-print-credentials';
import { describeEachDatabase, useTestDatabase } from '@/tests/database';
import { TEST_PASSWORD, actorFor, randomInsuranceNumber } from '@/tests/scenario';

describeEachDatabase('print credentials', (kind) => {
  const database = useTestDatabase(kind);
  const prisma = () => database().prisma;
  const staff = async (role: 'ADMIN' | 'ADVISOR' | 'COMPLIANCE') =>
    actorFor(
      await createAccount(prisma(), {
        kind: role,
        loginName: `${role.toLowerCase()}.${randomInt(1e9).toString(36)}`,
        displayName: role,
        password: TEST_PASSWORD,
      }),
    );
  const bearer = (token: string) => new Headers({ authorization: `Bearer ${token}` });

  it('each administrator sees one part, once; only both parts together, after the second activated it, fetch; revoked, it stops', async () => {
    const [maker, second] = [await staff('ADMIN'), await staff('ADMIN')];
    const created = await createPrintCredential(prisma(), maker, 'Druckstraße');
    if (!created.ok) throw new Error('not created');
    expect(created.firstPart).toMatch(/^cgp_[A-Za-z0-9_-]{43}$/);
    const other = (part: string) => `${part.slice(0, -1)}${part.endsWith('A') ? 'B' : 'A'}`;
    const guess = `${created.firstPart}${'A'.repeat(43)}`;
    // One administrator alone: nothing fetches with the first part, and the maker cannot activate it.
    expect(await checkPrintCredential(prisma(), bearer(guess))).toEqual({ ok: false, reason: 'not-activated', credentialId: created.id });
    expect(await activatePrintCredential(prisma(), maker, created.id)).toEqual({ ok: false, reason: 'own' });
    const activated = await activatePrintCredential(prisma(), second, created.id);
    if (!activated.ok) throw new Error('not activated');
    expect(activated.secondPart).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Shown once: a second activation shows nothing.
    expect(await activatePrintCredential(prisma(), second, created.id)).toEqual({ ok: false, reason: 'already-active' });
    const token = `${created.firstPart}${activated.secondPart}`;
    expect(JSON.stringify(await prisma().printCredential.findMany())).not.toContain(created.firstPart.slice(4));
    expect(JSON.stringify(await prisma().printCredential.findMany())).not.toContain(activated.secondPart);
    expect(await printCredentialFor(prisma(), bearer(token))).toEqual({ id: created.id, label: 'Druckstraße' });
    expect(await checkPrintCredential(prisma(), bearer(guess))).toEqual({
      ok: false,
      reason: 'wrong-second-part',
      credentialId: created.id,
    });
    expect(await checkPrintCredential(prisma(), bearer(`${created.firstPart}${other(activated.secondPart)}`))).toMatchObject({
      ok: false,
      reason: 'wrong-second-part',
    });
    expect(await checkPrintCredential(prisma(), bearer(`${other(created.firstPart)}${activated.secondPart}`))).toEqual({
      ok: false,
      reason: 'unknown',
    });
    expect(await checkPrintCredential(prisma(), bearer(created.firstPart))).toEqual({ ok: false, reason: 'missing' });
    const [row] = (await listPrintCredentials(prisma(), second)).filter((c) => c.id === created.id);
    expect(row).toMatchObject({ activatedBy: 'ADMIN', mine: false, lettersFetched: 0 });
    expect(row!.lastUsedAt).not.toBeNull();
    expect(await revokePrintCredential(prisma(), second, created.id)).toEqual({ ok: true, lettersFailed: 0 });
    expect(await checkPrintCredential(prisma(), bearer(token))).toEqual({ ok: false, reason: 'revoked', credentialId: created.id });
    expect(await activatePrintCredential(prisma(), second, created.id)).toEqual({ ok: false, reason: 'not-found' });
  });

  it('revoking a credential fails the letters it fetched and has not reported on: their codes stop, the letters are requested again', async () => {
    const [maker, second] = [await staff('ADMIN'), await staff('ADMIN')];
    const created = await createPrintCredential(prisma(), maker, 'Druckstraße verloren');
    if (!created.ok) throw new Error('not created');
    const activated = await activatePrintCredential(prisma(), second, created.id);
    if (!activated.ok) throw new Error('not activated');
    const credential = (await printCredentialFor(prisma(), bearer(`${created.firstPart}${activated.secondPart}`)))!;
    const member = await createAccount(prisma(), {
      kind: 'MEMBER',
      loginName: randomInsuranceNumber(),
      displayName: 'Mitglied',
      password: TEST_PASSWORD,
    });
    await requestPasswordLetter(prisma(), second, { member: member.loginName, language: 'de', confirm: 'yes' });
    // Letters of other tests may wait ahead: this credential fetches until it holds the member's.
    let code: string | null = null;
    for (;;) {
      const claimed = await claimNextLetter(prisma(), credential, (letter) => Promise.resolve(letter.code));
      if (!claimed) throw new Error('no letter waiting');
      if (claimed.letter.recipient.number === member.loginName) {
        code = claimed.rendered;
        break;
      }
    }
    const revoked = await revokePrintCredential(prisma(), second, created.id);
    expect(revoked).toMatchObject({ ok: true });
    expect(revoked.ok && revoked.lettersFailed).toBeGreaterThanOrEqual(1);
    expect(await authenticate({ identifier: member.loginName, password: code }, undefined)).toBeNull();
    const letters = await prisma().passwordLetter.findMany({
      where: { accountId: member.id },
      orderBy: { attempt: 'asc' },
      select: { state: true, failureReason: true, attempt: true },
    });
    expect(letters).toEqual([
      { state: 'FAILED', failureReason: 'credential-revoked', attempt: 1 },
      { state: 'REQUESTED', failureReason: null, attempt: 2 },
    ]);
    // A fetch that was under way when the credential was revoked takes nothing.
    expect(await claimNextLetter(prisma(), credential, (letter) => Promise.resolve(letter.code))).toBeNull();
  });

  it('nobody but an administrator makes, activates, revokes or lists credentials', async () => {
    const admin = await staff('ADMIN');
    const created = await createPrintCredential(prisma(), admin, 'Druckstraße 2');
    if (!created.ok) throw new Error('not created');
    for (const actor of [await staff('ADVISOR'), await staff('COMPLIANCE')]) {
      expect(await createPrintCredential(prisma(), actor, 'Fremd')).toEqual({ ok: false, reason: 'not-found' });
      expect(await activatePrintCredential(prisma(), actor, created.id)).toEqual({ ok: false, reason: 'not-found' });
      expect(await revokePrintCredential(prisma(), actor, created.id)).toEqual({ ok: false, reason: 'not-found' });
      expect(await listPrintCredentials(prisma(), actor)).toEqual([]);
    }
    expect(
      await prisma().printCredential.findUniqueOrThrow({ where: { id: created.id }, select: { activatedAt: true, revokedAt: true } }),
    ).toEqual({ activatedAt: null, revokedAt: null });
  });
});
