import { randomInt } from 'node:crypto';
import { expect, it } from 'vitest';
import { createAccount } from '@/prisma/seed/factories';
import { printCredentialFor } from '@/server/print-api/print-credential';
import { activatePrintCredential, createPrintCredential, listPrintCredentials, revokePrintCredential } from '@/server/print-api/manage-print-credentials';
import { describeEachDatabase, useTestDatabase } from '@/tests/database';
import { TEST_PASSWORD, actorFor } from '@/tests/scenario';

describeEachDatabase('print credentials', (kind) => {
  const database = useTestDatabase(kind);
  const prisma = () => database().prisma;
  const staff = async (role: 'ADMIN' | 'ADVISOR' | 'COMPLIANCE') =>
    actorFor(await createAccount(prisma(), { kind: role, loginName: `${role.toLowerCase()}.${randomInt(1e9).toString(36)}`, displayName: role, password: TEST_PASSWORD }));
  const bearer = (token: string) => new Headers({ authorization: `Bearer ${token}` });

  it('a credential is shown once, kept as a hash, works only after a second administrator activates it, and stops when revoked', async () => {
    const [maker, second] = [await staff('ADMIN'), await staff('ADMIN')];
    const created = await createPrintCredential(prisma(), maker, 'Druckstraße');
    if (!created.ok) throw new Error('not created');
    expect(created.token).toMatch(/^cgp_[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(await prisma().printCredential.findMany())).not.toContain(created.token);
    // One administrator alone: nothing fetches with it, and the maker cannot activate it.
    expect(await printCredentialFor(prisma(), bearer(created.token))).toBeNull();
    expect(await activatePrintCredential(prisma(), maker, created.id)).toEqual({ ok: false, reason: 'own' });
    expect(await printCredentialFor(prisma(), bearer(created.token))).toBeNull();
    expect(await activatePrintCredential(prisma(), second, created.id)).toEqual({ ok: true });
    expect(await printCredentialFor(prisma(), bearer(created.token))).toEqual({ id: created.id, label: 'Druckstraße' });
    // Another last character (the token's own one may be any base64url character, 'A' among them).
    const otherLast = created.token.endsWith('A') ? 'B' : 'A';
    expect(await printCredentialFor(prisma(), bearer(`${created.token.slice(0, -1)}${otherLast}`))).toBeNull();
    const [row] = (await listPrintCredentials(prisma(), second)).filter((c) => c.id === created.id);
    expect(row).toMatchObject({ activatedBy: 'ADMIN', mine: false, lettersFetched: 0 });
    expect(row!.lastUsedAt).not.toBeNull();
    expect(await revokePrintCredential(prisma(), second, created.id)).toEqual({ ok: true });
    expect(await printCredentialFor(prisma(), bearer(created.token))).toBeNull();
    expect(await activatePrintCredential(prisma(), second, created.id)).toEqual({ ok: false, reason: 'not-found' });
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
    expect(await prisma().printCredential.findUniqueOrThrow({ where: { id: created.id }, select: { activatedAt: true, revokedAt: true } })).toEqual({ activatedAt: null, revokedAt: null });
  });
});
