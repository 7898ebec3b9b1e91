import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { appendLogEntry } from '@/server/audit-log/append-log-entry';
import { AUDITOR_TOKEN } from '@/server/compliance/auditors/auditor-credentials';
import { HASH_SIZE, TILE_WIDTH, decodeEntryBundle } from '@/shared/transparency/tiles';
import { activeAuditorToken } from '@/tests/auditor-credential';
import { loggedEntries } from '@/tests/logged-entries';
import { expect, test } from '../fixtures';

// The app's server answers the log's tiles that need no session before Next does (docs/decisions/0063): a
// hash tile asked for without credentials, an entry bundle with an auditor's. Those answers carry what
// Next's carry, and everything else on the path is still Next's (the proxy's refusals, sessions, redirects).
const HASH_TILE = '/api/log/tile/0/000.p/1';
const FIRST_BUNDLE = '/api/log/tile/entries/000.p/1';
const SECURITY = ['x-content-type-options', 'referrer-policy', 'x-frame-options', 'permissions-policy', 'strict-transport-security'];
const REQUEST_ID = '0123456789abcdef-0123-4567-89ab-cdef01234567';

/** Waits until the log's checkpoint holds `count` entries, adding entries of its own if the log has fewer (this spec alone, a fresh database). */
async function logHolding(count: number, database: TDatabase, baseURL: string) {
  const size = async () => {
    const response = await fetch(new URL('/api/log/checkpoint', baseURL));
    return response.ok ? Number((await response.text()).split('\n')[1]) : 0;
  };
  const held = (await loggedEntries(database.prisma)).length;
  for (let i = held; i < count; i++)
    await database.prisma.$transaction((tx) =>
      appendLogEntry(tx, { eventType: 'auth.login', payload: { n: i, channel: 'tile-answers-test' } }),
    );
  await expect.poll(size, { timeout: 60_000 }).toBeGreaterThanOrEqual(count);
}

/** An entry's leaf hash, SHA-256(0x00 ‖ entry) (RFC 6962). */
const leafOf = (entry: Buffer) =>
  createHash('sha256')
    .update(Buffer.from([0]))
    .update(entry)
    .digest();

/** Whether the app's server answered without Next: it sends a tile with its length, Next streams a handler's answer. */
const direct = (response: Response) => response.headers.get('content-length') !== null && !/rsc/.test(response.headers.get('vary') ?? '');

type TDatabase = Parameters<Parameters<typeof test>[2]>[0]['database'];

const newAuditorToken = (database: TDatabase, entriesUntil: Date) =>
  activeAuditorToken(database.prisma, { label: 'E2E-Kachelabruf', entriesUntil });

test('hash tiles and an auditor’s entry bundles are answered without Next, with the headers Next’s answers carry', async ({
  baseURL,
  database,
}) => {
  await logHolding(1, database, baseURL!);
  const next = await fetch(new URL('/api/log/checkpoint', baseURL));
  const tile = await fetch(new URL(HASH_TILE, baseURL), { headers: { 'x-request-id': REQUEST_ID } });
  expect(tile.status).toBe(200);
  expect(direct(tile), 'a hash tile is answered by the app’s server').toBe(true);
  expect(direct(next), 'the checkpoint is Next’s').toBe(false);
  const bytes = Buffer.from(await tile.arrayBuffer());
  expect(bytes.length).toBe(32);
  expect(Number(tile.headers.get('content-length'))).toBe(32);
  for (const name of SECURITY) expect(tile.headers.get(name), name).toBe(next.headers.get(name));
  expect(tile.headers.get('x-request-id'), 'a valid request id is echoed').toBe(REQUEST_ID);
  expect(tile.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  expect(tile.headers.get('access-control-allow-origin')).toBe('*');

  const token = await newAuditorToken(database, new Date('2100-01-01'));
  const bundle = await fetch(new URL(FIRST_BUNDLE, baseURL), { headers: { authorization: `Bearer ${token}` } });
  expect(bundle.status).toBe(200);
  expect(direct(bundle)).toBe(true);
  for (const name of SECURITY) expect(bundle.headers.get(name), name).toBe(next.headers.get(name));
  expect(bundle.headers.get('x-request-id'), 'a fresh request id').toMatch(/^[0-9a-f-]{36}$/);
  expect(bundle.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
  expect(bundle.headers.get('vary')).toBe('authorization, cookie, accept-encoding');
  const entry = Buffer.from(await bundle.arrayBuffer());
  expect(entry.length, 'one length-prefixed entry').toBe(2 + entry.readUInt16BE(0));
  // The leaf hash of that entry is the hash tile's: the same log, whichever server answered.
  expect(decodeEntryBundle(entry)?.map(leafOf)).toEqual([bytes]);

  // Refusals answered directly, as the route answers them.
  const unknown = await fetch(new URL(FIRST_BUNDLE, baseURL), { headers: { authorization: `Bearer ${AUDITOR_TOKEN.newToken()}` } });
  expect(unknown.status).toBe(401);
  expect(direct(unknown)).toBe(true);
  expect(unknown.headers.get('www-authenticate')).toBe('Bearer realm="log-entries"');
  const outOfRange = await fetch(new URL(FIRST_BUNDLE, baseURL), {
    headers: { authorization: `Bearer ${await newAuditorToken(database, new Date('2000-01-02'))}` },
  });
  expect(outOfRange.status).toBe(403);
  const notATile = await fetch(new URL('/api/log/tile/0/999.p/1', baseURL));
  expect(direct(notATile)).toBe(true);
  expect([403, 404]).toContain(notATile.status);
});

test('what needs a session, another credential or Next’s own answer on the tile path stays Next’s', async ({ baseURL, database }) => {
  await logHolding(1, database, baseURL!);
  const status = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(new URL(path, baseURL), { redirect: 'manual', ...init });
    await response.body?.cancel();
    return { status: response.status, direct: direct(response) };
  };
  // An entry bundle without a credential: a session is read, so Next (no session here: sign in first).
  expect(await status(FIRST_BUNDLE)).toEqual({ status: 401, direct: false });
  // A print system's or an auditor's credential where it has nothing to read: the proxy's 404.
  expect(await status(HASH_TILE, { headers: { authorization: 'Bearer cgp_x' } })).toEqual({ status: 404, direct: false });
  expect(await status(HASH_TILE, { headers: { authorization: `Bearer ${AUDITOR_TOKEN.newToken()}` } })).toEqual({
    status: 404,
    direct: false,
  });
  // A malformed %-sequence: the proxy's 400; a trailing slash: Next's redirect; HEAD: Next's.
  expect(await status('/api/log/tile/0/%E0%A4%A')).toEqual({ status: 400, direct: false });
  expect((await status(`${HASH_TILE}/`)).status).toBe(308);
  expect(await status(HASH_TILE, { method: 'HEAD' })).toMatchObject({ status: 200 });
});

/** A GET's status, headers and body exactly as sent (fetch would decode a gzip-encoded body). */
function rawGet(url: URL, headers: Record<string, string>) {
  return new Promise<{ status: number; encoding: string | undefined; body: Buffer }>((resolve, reject) => {
    httpRequest(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, encoding: response.headers['content-encoding'], body: Buffer.concat(chunks) }),
      );
    })
      .on('error', reject)
      .end();
  });
}

test('a full entry bundle goes to an auditor gzip-compressed as kept, if asked so, and decodes to the entries the level-0 tile hashes', async ({
  baseURL,
  database,
}) => {
  test.setTimeout(120_000);
  // A full bundle exists once the log holds 256 entries and the checkpoint leader has kept it (0061).
  await logHolding(TILE_WIDTH, database, baseURL!);
  await expect.poll(() => database.prisma.logEntryBundle.count({ where: { idx: 0n } }), { timeout: 60_000 }).toBe(1);

  const authorization = `Bearer ${await newAuditorToken(database, new Date('2100-01-01'))}`;
  const url = new URL('/api/log/tile/entries/000', baseURL);
  const compressed = await rawGet(url, { authorization, 'accept-encoding': 'gzip, deflate, br' });
  const plain = await rawGet(url, { authorization });
  const refused = await rawGet(url, { authorization, 'accept-encoding': 'gzip;q=0, identity' });
  expect([compressed.status, plain.status, refused.status]).toEqual([200, 200, 200]);
  expect(compressed.encoding).toBe('gzip');
  expect(plain.encoding).toBeUndefined();
  expect(refused.encoding).toBeUndefined();
  expect(compressed.body.length).toBeLessThan(plain.body.length);
  expect(gunzipSync(compressed.body)).toEqual(plain.body);
  expect(refused.body).toEqual(plain.body);
  // The 256 entries hash to the level-0 tile's 256 leaves.
  const tile = Buffer.from(await (await fetch(new URL('/api/log/tile/0/000', baseURL))).arrayBuffer());
  const leaves = decodeEntryBundle(plain.body)?.map(leafOf) ?? [];
  expect(leaves).toHaveLength(TILE_WIDTH);
  expect(Buffer.concat(leaves)).toEqual(tile);
  expect(tile.length).toBe(TILE_WIDTH * HASH_SIZE);
});
