// The log served as C2SP tlog-tiles through its route handlers, against a real PostgreSQL log of 66,000
// entries (three levels of tiles): read by Go's sumdb/tlog with an auditor's credential that two officers
// made, and the auditor's range, expiry and revocation enforced on the entry bundles.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getCheckpoint } from '@/app/api/log/checkpoint/route';
import { GET as getTile } from '@/app/api/log/tile/[...path]/route';
import { writeLogDataSetToPostgres } from '@/bench/lib/write-log-data-set';
import { createAccount } from '@/prisma/seed/factories';
import { integrateQueuedEntries } from '@/server/audit-log/integrate-entries';
import {
  activateAuditorCredential,
  createAuditorCredential,
  revokeAuditorCredential,
} from '@/server/compliance/auditors/auditor-credentials';
import { answerTileRequestDirectly } from '@/server/compliance/auditors/answer-tile-request-directly';
import { checkAuditorCredential, entryBundleFor } from '@/server/compliance/auditors/entry-bundle-reader';
import { storeFullEntryBundles } from '@/server/transparency/tile-store';
import { publishedVerifierKeys, signCheckpoint } from '@/server/transparency/checkpoints';
import { extendMerkleTree } from '@/server/transparency/merkle-store';
import { useTestDatabase } from '@/tests/database';
import { TEST_PASSWORD, actorFor } from '@/tests/scenario';

const GO_ENV = { ...process.env, GO111MODULE: 'off', GOPATH: '/usr/share/gocode', GOPROXY: 'off', GOFLAGS: '' };
const ENTRIES = 66_000;

type TGoVerdict = { ok: boolean; error?: string; treeSize: number; tilesRead: number; entriesChecked: number; proofsChecked: number };

describe('the log as tiles, read by Go and by auditors', () => {
  const database = useTestDatabase('postgres');
  let server: Server | undefined;
  let base: string;
  let officers: { a: ReturnType<typeof actorFor>; b: ReturnType<typeof actorFor> };

  async function fetchPath(path: string, headers: Record<string, string> = {}) {
    return fetch(`${base}/api/log/${path}`, { headers });
  }

  /** A credential made by officer a and activated by officer b: the whole token, as the auditor would assemble it. */
  async function issue(input: { entriesFrom: string; entriesUntil: string; validUntil?: string }): Promise<{ id: string; token: string }> {
    const { prisma } = database();
    const made = await createAuditorCredential(
      prisma,
      officers.a,
      { label: 'Prüfgesellschaft Test', validUntil: '2099-01-01', ...input },
      new Date('2098-06-01'),
    );
    if (!made.ok) throw new Error(`not made: ${JSON.stringify(made)}`);
    const activated = await activateAuditorCredential(prisma, officers.b, made.id, new Date('2098-06-01'));
    if (!activated.ok) throw new Error(`not activated: ${JSON.stringify(activated)}`);
    return { id: made.id, token: `${made.firstPart}${activated.secondPart}` };
  }

  beforeAll(async () => {
    const { prisma, target } = database();
    if (target.kind !== 'postgres') throw new Error('postgres only');
    await writeLogDataSetToPostgres(target.url, ENTRIES, 19);
    // The data set's queue ids are its sequence numbers: new entries are queued after them.
    await prisma.$queryRaw`SELECT setval(pg_get_serial_sequence('consent_log_queue', 'id'), ${ENTRIES})`;
    await extendMerkleTree(prisma);
    await signCheckpoint(prisma);
    const officer = (name: string) =>
      createAccount(prisma, {
        kind: 'COMPLIANCE',
        loginName: `officer.${name}.tiles`,
        displayName: `Officer ${name}`,
        password: TEST_PASSWORD,
      });
    officers = { a: actorFor(await officer('a')), b: actorFor(await officer('b')) };
    // The route handlers behind a plain HTTP server, as Next would call them, after the answers the app's
    // server gives before Next (scripts/serve.mjs, 0063).
    const listening = createServer((req, res) => {
      void (async () => {
        const direct = req.method === 'GET' ? await answerTileRequestDirectly(req.url ?? '', req.headers) : null;
        if (direct) return void res.writeHead(direct.status, direct.headers).end(direct.body);
        const url = new URL(req.url ?? '/', 'http://localhost');
        const request = new Request(url, { headers: req.headers as Record<string, string> });
        const path = url.pathname.replace(/^\/api\/log\//, '');
        const response =
          path === 'checkpoint'
            ? await getCheckpoint()
            : path.startsWith('tile/')
              ? await getTile(request, { params: Promise.resolve({ path: path.slice('tile/'.length).split('/') }) })
              : new Response('no', { status: 404 });
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      })();
    });
    await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
    server = listening;
    base = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it("are read whole by Go's sumdb/tlog: every tile authenticated against the checkpoint, every entry hashing to its leaf", async () => {
    const auditor = await issue({ entriesFrom: '2025-01-01', entriesUntil: '2026-12-31' });
    // Asynchronously: the route handlers answering Go run in this process.
    const run = await promisify(execFile)(
      'go',
      ['run', 'tests/go/check-tiles.go', `${base}/api/log`, publishedVerifierKeys()[0]!, auditor.token],
      {
        encoding: 'utf8',
        env: GO_ENV,
      },
    ).catch((error: unknown) => {
      throw new Error(`go run failed (is golang-go installed? .ci/run installs it): ${String(error)}`);
    });
    const verdict = JSON.parse(run.stdout) as TGoVerdict;
    expect(verdict).toMatchObject({ ok: true, treeSize: ENTRIES, entriesChecked: ENTRIES, proofsChecked: 3 });
    // At least 257 full level-0 tiles and a partial one, a full and a partial level-1 tile, a partial level-2 tile.
    expect(verdict.tilesRead).toBeGreaterThanOrEqual(258 + 2 + 1);
  }, 120_000);

  it('serve hash tiles to anyone, immutable, and nothing beyond the checkpoint or at a non-canonical path', async () => {
    const full = await fetchPath('tile/0/000');
    expect(full.status).toBe(200);
    expect(full.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(full.headers.get('content-type')).toBe('application/octet-stream');
    expect((await full.arrayBuffer()).byteLength).toBe(8192);
    // 66,000 = 257·256 + 208: level 0 has a partial tile of 208, level 1 one of 257 − 256 = 1.
    expect((await (await fetchPath('tile/0/257.p/208')).arrayBuffer()).byteLength).toBe(208 * 32);
    expect((await fetchPath('tile/1/001.p/1')).status).toBe(200);
    expect((await fetchPath('tile/0/257')).status, 'the full tile is not there yet').toBe(404);
    expect((await fetchPath('tile/0/257.p/209')).status, 'wider than the checkpoint').toBe(404);
    for (const path of ['tile/0/0', 'tile/00/000', 'tile/0/x000/000', 'tile/x/000', 'tile/0/000.p/256', 'tile/entries'])
      expect((await fetchPath(path)).status, path).toBe(404);
  });

  it("give an auditor the entry bundles of the credential's range only, and none without a working credential", async () => {
    const { prisma } = database();
    // Berlin's 2 January 2026: entries 2,761 to 5,640 (one every 30 s from 1 January, 00:00 UTC).
    const auditor = await issue({ entriesFrom: '2026-01-02', entriesUntil: '2026-01-02' });
    const bearer = { authorization: `Bearer ${auditor.token}` };
    const inside = await fetchPath('tile/entries/011', { ...bearer, 'accept-encoding': 'gzip' });
    expect(inside.status).toBe(200);
    expect(inside.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect((await fetchPath('tile/entries/010', bearer)).status, 'straddles the range').toBe(403);
    expect((await fetchPath('tile/entries/000', bearer)).status).toBe(403);
    expect((await fetchPath('tile/entries/021', bearer)).status, 'the last one inside').toBe(200);
    expect((await fetchPath('tile/entries/022', bearer)).status, 'ends after the range').toBe(403);

    const wrongSecond = `${auditor.token.slice(0, -4)}AAAA`;
    for (const authorization of ['Bearer nonsense', `Bearer ${wrongSecond}`, `Bearer ${auditor.token.slice(0, 47)}`]) {
      const refused = await fetchPath('tile/entries/011', { authorization });
      expect(refused.status, authorization).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="log-entries"');
    }
    expect(await revokeAuditorCredential(prisma, officers.a, auditor.id)).toEqual({ ok: true });
    expect((await fetchPath('tile/entries/011', bearer)).status, 'revoked').toBe(401);

    const expiring = await issue({ entriesFrom: '2026-01-02', entriesUntil: '2026-01-02' });
    await prisma.auditorCredential.update({ where: { id: expiring.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await fetchPath('tile/entries/011', { authorization: `Bearer ${expiring.token}` })).status, 'expired').toBe(401);

    // Each refusal names its reason for the operations log; a wrong second part does not count as a use.
    const check = (token: string) => checkAuditorCredential(database(), new Headers({ authorization: `Bearer ${token}` }));
    const fresh = await issue({ entriesFrom: '2026-01-02', entriesUntil: '2026-01-02' });
    expect(await check(`${fresh.token.slice(0, -4)}AAAA`)).toEqual({ ok: false, reason: 'wrong-second-part', credentialId: fresh.id });
    expect((await prisma.auditorCredential.findUniqueOrThrow({ where: { id: fresh.id } })).lastUsedAt).toBeNull();
    expect(await check(fresh.token)).toMatchObject({ ok: true, reader: { kind: 'auditor', credentialId: fresh.id } });
    const lastUsed = async () => (await prisma.auditorCredential.findUniqueOrThrow({ where: { id: fresh.id } })).lastUsedAt;
    const noted = await lastUsed();
    expect(noted).not.toBeNull();
    // Noted to the minute: a mirror's thousands of requests do not each write the credential's row.
    const later = (ms: number) =>
      checkAuditorCredential(database(), new Headers({ authorization: `Bearer ${fresh.token}` }), new Date(noted!.getTime() + ms));
    expect(await later(59_999)).toMatchObject({ ok: true });
    expect(await lastUsed()).toEqual(noted);
    expect(await later(60_000)).toMatchObject({ ok: true });
    expect(await lastUsed()).toEqual(new Date(noted!.getTime() + 60_000));
    expect(await check(expiring.token)).toEqual({ ok: false, reason: 'expired', credentialId: expiring.id });
    expect(await check(auditor.token)).toEqual({ ok: false, reason: 'revoked', credentialId: auditor.id });
    expect(await check(`cga_${'A'.repeat(43)}${fresh.token.slice(47)}`)).toMatchObject({ ok: false, reason: 'unknown' });
  });

  it('keep the full entry bundles a checkpoint covers ready, byte for byte as built from the entries, a batch at a time', async () => {
    const { prisma } = database();
    const officer = { kind: 'officer', actor: officers.a } as const;
    const bundleBytes = async (index: number) =>
      (await entryBundleFor(prisma, officer, { level: 'entries', index, width: 256 }))!.bytes.toString('base64');
    const built = await Promise.all([0, 128, 256].map(bundleBytes));
    // Two leaders at once (an election in flux) keep each bundle once; then a batch a round until none is left.
    const first = await Promise.all([storeFullEntryBundles(prisma), storeFullEntryBundles(prisma)]);
    expect(first.every((n) => n === 128 || n === 0)).toBe(true);
    let rounds = 0;
    while ((await storeFullEntryBundles(prisma)) > 0) rounds++;
    expect(rounds).toBeLessThanOrEqual(2);
    // 66,000 entries: 257 full bundles, each once, in order; the partial one is never kept.
    expect(await prisma.logEntryBundle.count()).toBe(257);
    expect((await prisma.logEntryBundle.aggregate({ _max: { idx: true } }))._max.idx).toBe(256n);
    expect(await Promise.all([0, 128, 256].map(bundleBytes))).toEqual(built);
    // A kept bundle is what the route serves: the auditor's range is checked on its kept times.
    const auditor = await issue({ entriesFrom: '2026-01-02', entriesUntil: '2026-01-02' });
    const bearer = { authorization: `Bearer ${auditor.token}` };
    expect((await fetchPath('tile/entries/011', bearer)).status).toBe(200);
    expect((await fetchPath('tile/entries/010', bearer)).status, 'straddles the range').toBe(403);
  });

  it('take two officers: the maker cannot activate, and of two activations at once one wins', async () => {
    const { prisma } = database();
    const now = new Date('2098-06-01');
    const input = { label: 'Prüfgesellschaft Test', entriesFrom: '2026-01-01', entriesUntil: '2026-01-31', validUntil: '2099-01-01' };
    const made = await createAuditorCredential(prisma, officers.a, input, now);
    if (!made.ok) throw new Error('not made');
    expect(made.firstPart).toMatch(/^cga_[A-Za-z0-9_-]{43}$/);
    expect(await activateAuditorCredential(prisma, officers.a, made.id, now)).toEqual({ ok: false, reason: 'own' });
    const c = actorFor(
      await createAccount(prisma, { kind: 'COMPLIANCE', loginName: 'officer.c.tiles', displayName: 'Officer c', password: TEST_PASSWORD }),
    );
    const results = await Promise.all([
      activateAuditorCredential(prisma, officers.b, made.id, now),
      activateAuditorCredential(prisma, c, made.id, now),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'already-active' }]);
    const advisor = actorFor(
      await createAccount(prisma, { kind: 'ADVISOR', loginName: 'advisor.tiles', displayName: 'Advisor', password: TEST_PASSWORD }),
    );
    expect(await createAuditorCredential(prisma, advisor, input, now)).toEqual({ ok: false, reason: 'not-found' });
    expect(await revokeAuditorCredential(prisma, advisor, made.id)).toEqual({ ok: false, reason: 'not-found' });
    // Validity: not in the past, at most a year ahead.
    expect(await createAuditorCredential(prisma, officers.a, { ...input, validUntil: '2098-05-30' }, now)).toMatchObject({
      ok: false,
      field: 'validUntil',
      message: 'validUntilPast',
    });
    expect(await createAuditorCredential(prisma, officers.a, { ...input, validUntil: '2099-07-01' }, now)).toMatchObject({
      ok: false,
      field: 'validUntil',
      message: 'validUntilTooFar',
    });
    // Each step is in the log, with the officer kept apart as personal data.
    await revokeAuditorCredential(prisma, c, made.id);
    await integrateQueuedEntries(prisma);
    const entries = await prisma.logEntry.findMany({
      where: { payload: { path: ['credentialId'], equals: made.id } },
      select: { eventType: true, personalCommitment: true },
      orderBy: { seq: 'asc' },
    });
    expect(entries.map((e) => e.eventType)).toEqual([
      'compliance.auditor_credential_created',
      'compliance.auditor_credential_activated',
      'compliance.auditor_credential_revoked',
    ]);
    expect(entries.every((e) => e.personalCommitment !== null)).toBe(true);
  });
});
