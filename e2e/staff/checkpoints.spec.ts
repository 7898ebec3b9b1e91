import type { APIRequestContext } from '@playwright/test';
import { createAccount } from '@/prisma/seed/factories';
import { verifyCheckpointNote } from '@/shared/transparency/checkpoint-note';
import { verifyConsistency, verifyInclusion } from '@/shared/transparency/merkle';
import { expect, expectNoAxeViolations, loginAs, test } from '../fixtures';
import { testSecondFactor } from '@/tests/scenario';

async function signedCheckpoint(request: APIRequestContext, keys: string[]) {
  const checked = verifyCheckpointNote(await (await request.get('/api/log/checkpoint')).text(), keys);
  if (!checked.ok) throw new Error(`checkpoint does not verify: ${checked.problem}`);
  return checked.checkpoint;
}

test('an officer signs a checkpoint; anyone can verify it, and prove entries in it and later ones consistent with it', async ({
  page,
  database,
  request,
}) => {
  const officer = await createAccount(database.prisma, {
    kind: 'COMPLIANCE',
    loginName: `officer.cp.${Date.now()}`,
    displayName: 'Prüferin',
    password: 'Test-Passwort-123',
    secondFactor: testSecondFactor(),
  });
  await loginAs(page, officer.loginName);
  await page.getByRole('button', { name: 'Jetzt signieren' }).click();
  await expect(page).toHaveURL(/signed=1/);
  await expect(page.getByTestId('checkpoint')).toContainText(/Letzter Checkpoint: \d+ Einträge/);
  await expectNoAxeViolations(page);

  const keys = (await (await request.get('/.well-known/consent-log-keys')).text()).trim().split('\n');
  expect(keys[0]).toMatch(/^e2e\.consent-gateway\/consent-log\+[0-9a-f]{8}\+/);
  const first = await signedCheckpoint(request, keys);
  expect(first.origin).toBe('e2e.consent-gateway/consent-log');

  // The officer's own sign-in is in it: its inclusion proof checks against the signed root.
  const login = await database.prisma.logEntry.findFirstOrThrow({
    where: { eventType: 'auth.login', seq: { lte: BigInt(first.treeSize) } },
    orderBy: { seq: 'desc' },
  });
  const index = Number(login.seq) - 1;
  const inclusion = (await (await request.get(`/api/log/proofs/inclusion?index=${index}&treeSize=${first.treeSize}`)).json()) as {
    leafHash: string;
    proof: string[];
  };
  expect(Buffer.from(inclusion.leafHash, 'base64').toString('hex')).toBe(login.leafHash);
  const path = inclusion.proof.map((h) => Buffer.from(h, 'base64'));
  expect(verifyInclusion(Buffer.from(login.leafHash, 'hex'), index, first.treeSize, path, first.rootHash)).toBe(true);

  // The log grows; the next checkpoint is consistent with the first.
  await page.getByRole('button', { name: 'Abmelden' }).click();
  // Signed out before the next sign-in: a sign-in page opened while the sign-out is still on its way shows
  // the officer's own page instead (a signed-in visitor is sent there).
  await expect(page.getByText('Sie haben sich abgemeldet.')).toBeVisible();
  await loginAs(page, officer.loginName);
  await expect(page).not.toHaveURL(/signed=/);
  // Signing integrates what is queued first: the sign-out and sign-in are in the new checkpoint.
  await page.getByRole('button', { name: 'Jetzt signieren' }).click();
  await expect(page).toHaveURL(/signed=1/);
  const second = await signedCheckpoint(request, keys);
  expect(second.treeSize).toBeGreaterThan(first.treeSize);
  const consistency = (await (await request.get(`/api/log/proofs/consistency?from=${first.treeSize}&to=${second.treeSize}`)).json()) as {
    proof: string[];
  };
  const proof = consistency.proof.map((h) => Buffer.from(h, 'base64'));
  expect(verifyConsistency(first.treeSize, second.treeSize, first.rootHash, second.rootHash, proof)).toBe(true);

  const download = await request.get('/api/log/checkpoints');
  const kept = (await download.text())
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { treeSize: number; note: string });
  expect(kept.map((c) => c.treeSize)).toEqual(expect.arrayContaining([first.treeSize, second.treeSize]));
  for (const c of kept) expect(verifyCheckpointNote(c.note, keys).ok).toBe(true);

  // Bad questions get a 4xx that names them.
  expect((await request.get('/api/log/proofs/inclusion?index=x&treeSize=1')).status()).toBe(400);
  expect((await request.get(`/api/log/proofs/inclusion?index=${first.treeSize}&treeSize=${first.treeSize}`)).status()).toBe(400);
  expect((await request.get(`/api/log/proofs/inclusion?index=0&treeSize=${second.treeSize + 1000}`)).status()).toBe(404);
  expect((await request.get(`/api/log/proofs/consistency?from=${second.treeSize}&to=${first.treeSize}`)).status()).toBe(400);
});
