import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test as base, expect } from '@playwright/test';
import fc from 'fast-check';
import { classifyLoginIdentifier } from '@/server/auth/identifiers';
import { discoverRoutes, fillPattern } from '../authorization/discover';
import { PAGES } from '../authorization/matrix';
import { manifestIds } from '../authorization/server-actions';
import { type TActorName, type TWorld, createWorld } from '../authorization/world';
import { E2E_LIVEKIT } from '../env';
import { type TFingerprint, fingerprint, writesBetween } from './fingerprint';
import { type TAppOnOwnDatabase, startAppOnOwnDatabase } from '../operations/app-on-own-database';
import { nastyString } from './arbitraries';
import { type TRecipe, bodyOf, describe as describeRecipe, encodeSegment, firstTexts, recipes } from './requests';
import { type TActionTarget, type TAllowedWrites, type THandlerTarget, type TResult, targets } from './targets';

// Property-based fuzzing of every mutating route handler and Server Action (issue 8; docs/decisions/0039):
// as someone allowed to use it (a tenth as someone else), with hostile input, no answer is a 5xx (nor an
// action's error digest), and nothing is written but the documented attempt records.

/** Inputs per endpoint: 400 in CI (sized to the suite's time, 0039), 10,000 in `npm run test:fuzz`. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 400);
/** Fixed, so that a failure is replayed exactly (FUZZ_SEED=… and the endpoint's name). */
const SEED = Number(process.env.FUZZ_SEED ?? 20261126);
/** Requests sent at once: enough to keep the app busy on two cores, few enough to pin a write on a batch. */
const BATCH = 8;
const REPORT_DIR = path.resolve('.test-reports/fuzz');
const PORT = Number(process.env.E2E_PORT ?? 3211) + 30;

const TARGETS = targets(classifyLoginIdentifier);

type TFuzz = { fuzzApp: TAppOnOwnDatabase; world: TWorld; base: string; actionIds: Map<string, { id: string; page: string }> };

const test = base.extend<object, { fuzz: TFuzz }>({
  fuzz: [
    async ({ browser }, use, workerInfo) => {
      // One app and database per parallel worker slot, so that two workers never share counts.
      const slot = workerInfo.parallelIndex;
      const fuzzApp = await startAppOnOwnDatabase(`fuzz${slot}`, PORT + slot, {
        // Configured, so that the webhook reaches its signature check; nothing listens at the API address.
        LIVEKIT_API_URL: 'http://127.0.0.1:9',
        LIVEKIT_API_KEY: E2E_LIVEKIT.key,
        LIVEKIT_API_SECRET: E2E_LIVEKIT.secret,
      });
      try {
        const world = await createWorld(fuzzApp.database.prisma, browser, fuzzApp.app.baseURL);
        await use({ fuzzApp, world, base: fuzzApp.app.baseURL, actionIds: manifestIds() });
      } finally {
        await fuzzApp.stop();
      }
    },
    { scope: 'worker', timeout: 180_000 },
  ],
});

const MUTATING = (key: string) => !/^(GET|HEAD|OPTIONS) /.test(key);

test('every mutating route handler and Server Action has a fuzz target', () => {
  const found = discoverRoutes();
  const onDisk = [...found.handlers.filter(MUTATING), ...found.actions];
  expect(
    onDisk.filter((k) => !TARGETS[k]),
    'mutating endpoints without a fuzz target in e2e/fuzz/targets.ts',
  ).toEqual([]);
  expect(
    Object.keys(TARGETS).filter((k) => !onDisk.includes(k)),
    'fuzz targets for endpoints that no longer exist',
  ).toEqual([]);
});

type TSent = TResult & { recipe: TRecipe; snippet: string; digest: boolean };

function worldValues(w: TWorld): string[] {
  return [
    ...Object.values(w.consultations).map((c) => c.id),
    ...Object.values(w.accounts).flatMap((a) => [a.id, a.loginName]),
    w.violationId,
    w.exportId,
    w.draftId,
    w.proposalId,
    w.services.own.id,
    w.disclosureVersionId,
    w.receiptQueueId,
  ];
}

/** Posts a recipe to an address, as the target's real requests would carry it; the answer's status and text. */
async function post(
  fuzz: TFuzz,
  address: string,
  recipe: TRecipe,
  options: { action?: { id: string }; headers?: Record<string, string> } = {},
): Promise<{ status: number; text: string }> {
  const { action } = options;
  const { bytes, type } = bodyOf(recipe, action?.id ?? null);
  const headers: Record<string, string> = { ...options.headers };
  const contentType =
    recipe.contentType === 'matching' ? (headers['content-type'] ?? type) : recipe.contentType === 'missing' ? null : recipe.contentType;
  if (contentType) headers['content-type'] = contentType;
  else delete headers['content-type'];
  if (recipe.origin === 'same') headers.origin = fuzz.base;
  if (recipe.origin === 'other') headers.origin = 'https://evil.example';
  if (recipe.origin === 'null') headers.origin = 'null';
  const cookie = fuzz.world.cookies[recipe.actor];
  if (cookie) headers.cookie = cookie;
  const authorization = fuzz.world.authorization[recipe.actor];
  if (authorization) headers.authorization = authorization;
  if (action && recipe.actionHeader !== 'none') {
    headers['next-action'] = recipe.actionHeader === 'right' ? action.id : '7f'.repeat(21);
    headers.accept = 'text/x-component';
  }
  // A stream has no length: undici sends it chunked, as a client hiding its size would.
  const bodyFor = (): BodyInit | undefined =>
    !bytes
      ? undefined
      : !recipe.chunked
        ? (bytes as Uint8Array<ArrayBuffer>)
        : new ReadableStream({
            start(controller) {
              for (let i = 0; i < bytes.length; i += 16 * 1024) controller.enqueue(bytes.subarray(i, i + 16 * 1024));
              controller.close();
            },
          });
  let status = 0;
  let text = '';
  // Once more on a fresh connection if the first failed: a server that refuses a large body without
  // reading it closes that keep-alive connection, and the next request that happened to reuse it is reset.
  for (let attempt = 1; attempt <= 2 && !status; attempt++) {
    try {
      const response = await fetch(`${fuzz.base}${address}`, {
        method: 'POST',
        headers,
        body: bodyFor(),
        redirect: 'manual',
        duplex: 'half',
      } as RequestInit);
      status = response.status;
      text = await response.text();
    } catch (error) {
      if (attempt === 2) {
        status = 599;
        text = `connection failed twice: ${String((error as Error).cause ?? error)}`;
      }
    }
  }
  return { status, text };
}

async function send(fuzz: TFuzz, key: string, target: THandlerTarget | TActionTarget, recipe: TRecipe): Promise<TSent> {
  const envelope = target.kind === 'action' ? ENVELOPE[target.args] : undefined;
  const isAction = target.kind === 'action';
  const action = isAction ? fuzz.actionIds.get(key) : undefined;
  if (isAction && !action) throw new Error(`${key}: not in .next/server/server-reference-manifest.json (build first)`);
  let address: string;
  if (action) address = fillPattern(action.page, PAGES[action.page]?.params?.(fuzz.world) ?? {});
  else {
    const pattern = key.split(' ')[1]!;
    const name = (target as THandlerTarget).segment?.name;
    address = name ? pattern.replace(/\[(?:\.\.\.)?[^\]]+\]/, recipe.segment ?? 'x') : pattern;
  }
  const { status, text } = await post(fuzz, address, recipe, { action, headers: target.kind === 'handler' ? target.headers : undefined });
  const standardDelivery =
    isAction &&
    recipe.actionHeader === 'right' &&
    recipe.encoding === 'multipart' &&
    recipe.contentType === 'matching' &&
    recipe.envelope === envelope &&
    !recipe.padding &&
    !recipe.truncated;
  return {
    status,
    actor: recipe.actor,
    originPasses: recipe.origin === 'same' || recipe.origin === 'none',
    standardDelivery: standardDelivery || false,
    firstText: firstTexts(recipe, isAction),
    recipe,
    snippet: text.slice(0, 300),
    // The denial page tells the person that the attempt was logged (messages: join.deniedLogged).
    attemptLogged: /Der Versuch wurde protokolliert\.|The attempt has been logged\./.test(text),
    // An action that threw: React's error row with a numeric digest (notFound and redirect carry names instead).
    digest: /E\{"digest":"\d+"/.test(text),
  };
}

const ENVELOPE: Record<string, string> = { none: '[]', formData: '["$K1"]', stateAndFormData: '[null,"$K1"]' };

/** Writes that bad input must not cause: every change outside the allowed ones, and allowed ones over their count. */
function unexpected(writes: ReturnType<typeof writesBetween>, allowed: TAllowedWrites): string[] {
  const problems: string[] = [];
  for (const [key, n] of Object.entries(allowed.exact ?? {})) {
    const added = writes[key]?.added ?? 0;
    if (added !== n) problems.push(`${key}: ${added} rows added, expected exactly ${n}`);
  }
  for (const [key, n] of Object.entries(allowed.atMost ?? {})) {
    const added = writes[key]?.added ?? 0;
    if (added > n || added < 0) problems.push(`${key}: ${added} rows added, expected at most ${n}`);
  }
  for (const key of Object.keys(writes)) {
    if (allowed.exact?.[key] !== undefined || allowed.atMost?.[key] !== undefined) continue;
    problems.push(`${key}: ${writes[key]!.added} rows added${writes[key]!.added === 0 ? ', rows changed' : ''}`);
  }
  return problems;
}

const slug = (key: string) => key.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');

for (const [key, target] of Object.entries(TARGETS)) {
  test(`fuzz ${key}`, async ({ fuzz }) => {
    test.setTimeout(120_000 + RUNS * 60);
    const prisma = fuzz.fuzzApp.database.prisma;
    const isAction = target.kind === 'action';
    const fields = target.fields(fuzz.world);
    const shape = {
      fields,
      strict: target.strict,
      isAction,
      actor: target.actor,
      wrongActors: target.wrongActors,
      naturalEncoding: target.kind === 'handler' ? target.encoding : ('multipart' as const),
      ownSegments: target.kind === 'handler' ? target.segment?.own(fuzz.world) : undefined,
      validSegments: target.kind === 'handler' ? target.segment?.valid?.(fuzz.world) : undefined,
      args: isAction ? ENVELOPE[target.args] : undefined,
    };
    const batches = fc.array(recipes(shape, worldValues(fuzz.world)), { minLength: BATCH, maxLength: BATCH });
    // Each endpoint its own stream of inputs from the one seed, independent of the others' order.
    const seed = (SEED ^ [...key].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, 7)) | 0;
    const statuses: Record<string, number> = {};
    let tried = 0;
    let fingerprintMs = 0;
    const started = Date.now();
    const sendOne = (recipe: TRecipe) => send(fuzz, key, target, recipe);

    const details = await fc.check(
      fc.asyncProperty(batches, async (batch) => {
        let t = Date.now();
        const before: TFingerprint = await fingerprint(prisma);
        fingerprintMs += Date.now() - t;
        const sent = await Promise.all(batch.map(sendOne));
        tried += sent.length;
        for (const s of sent) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
        const broken = sent.filter((s) => s.status >= 500 || s.digest);
        if (broken.length) {
          // What the app said about it: its last error lines (JSON, no personal data).
          const errors = fuzz.fuzzApp.app.output
            .filter((l) => l.includes('"level":"error"') || l.includes('⨯'))
            .slice(-3)
            .map((l) => l.slice(0, 600));
          throw new Error(
            `${broken.map((s) => `${s.status}${s.digest ? ' (error digest)' : ''} for ${describeRecipe(s.recipe)}\n  answer: ${s.snippet}`).join('\n')}\n  app: ${errors.join('\n  app: ')}`,
          );
        }
        t = Date.now();
        const after = await fingerprint(prisma);
        fingerprintMs += Date.now() - t;
        const problems = unexpected(writesBetween(before, after), target.writes?.(sent) ?? {});
        if (problems.length) {
          // Which request wrote: the batch once more, one at a time.
          const culprits: string[] = [];
          for (const recipe of batch) {
            const one = await fingerprint(prisma);
            const s = await sendOne(recipe);
            const wrote = unexpected(writesBetween(one, await fingerprint(prisma)), target.writes?.([s]) ?? {});
            if (wrote.length) culprits.push(`${wrote.join('; ')} by ${describeRecipe(recipe)} → ${s.status}`);
          }
          throw new Error(`wrote ${problems.join('; ')}\n${culprits.join('\n') || '(not reproduced one at a time)'}`);
        }
      }),
      { seed, numRuns: Math.ceil(RUNS / BATCH), endOnFailure: true },
    );

    const seconds = (Date.now() - started) / 1000;
    const report = {
      endpoint: key,
      seed,
      runs: tried,
      batch: BATCH,
      seconds,
      fingerprintSeconds: fingerprintMs / 1000,
      statuses,
      failed: details.failed,
      error: details.failed ? String(details.errorInstance).slice(0, 4000) : null,
    };
    mkdirSync(REPORT_DIR, { recursive: true });
    writeFileSync(path.join(REPORT_DIR, `${slug(key)}.json`), `${JSON.stringify(report, null, 2)}\n`);
    console.log(
      `fuzz ${key}: ${tried} inputs (seed ${seed}) in ${seconds.toFixed(1)} s (${(fingerprintMs / 1000).toFixed(1)} s counting rows); statuses ${JSON.stringify(statuses)}`,
    );
    expect(details.failed, `${key} with seed ${seed}: ${details.failed ? String(details.errorInstance) : ''}`).toBe(false);
    expect(tried).toBeGreaterThanOrEqual(RUNS);
  });
}

/** Addresses no endpoint serves, and files Next serves from disk: Next answered some posts there with a 500. */
const STRAY_ADDRESSES = [
  '/api/nope',
  '/api/consultations',
  '/api/auth',
  '/favicon.ico',
  '/_next/static/chunks/nope.js',
  '/_next/image',
  '/login',
  '/',
];
const SHAPE_RUNS = Math.max(250, Math.ceil(RUNS / 4));
const errorLines = (fuzz: TFuzz) => fuzz.fuzzApp.app.output.filter((l) => l.includes('"level":"error"') || l.includes('⨯'));

/**
 * One request shape at many addresses: never a 5xx, nothing written, no error in the app's log. The
 * login action's id stands for a real action named where it does not live.
 */
async function fuzzShape(
  fuzz: TFuzz,
  label: string,
  addresses: string[],
  shaped: (recipe: fc.Arbitrary<TRecipe>) => fc.Arbitrary<TRecipe>,
) {
  const prisma = fuzz.fuzzApp.database.prisma;
  const action = fuzz.actionIds.get('app/(public)/login/actions.ts#loginAction')!;
  const shape = {
    fields: {},
    strict: [],
    isAction: true,
    actor: 'anonymous' as const,
    wrongActors: ['memberA' as const, 'compliance' as const],
    naturalEncoding: 'multipart' as const,
    args: ENVELOPE.stateAndFormData,
  };
  const errorsBefore = errorLines(fuzz).length;
  const before = await fingerprint(prisma);
  const statuses: Record<string, number> = {};
  const details = await fc.check(
    fc.asyncProperty(fc.constantFrom(...addresses), shaped(recipes(shape, worldValues(fuzz.world))), async (address, recipe) => {
      const { status, text } = await post(fuzz, address, recipe, { action });
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status >= 500) throw new Error(`${status} for POST ${address} ${describeRecipe(recipe)}\n  answer: ${text.slice(0, 300)}`);
    }),
    { seed: SEED, numRuns: SHAPE_RUNS, endOnFailure: true },
  );
  console.log(`fuzz ${label}: ${SHAPE_RUNS} inputs; statuses ${JSON.stringify(statuses)}`);
  expect(details.failed, details.failed ? String(details.errorInstance) : '').toBe(false);
  expect(unexpected(writesBetween(before, await fingerprint(prisma)), {})).toEqual([]);
  expect(
    errorLines(fuzz)
      .slice(errorsBefore)
      .map((l) => l.slice(0, 600)),
  ).toEqual([]);
}

test('posts to addresses no endpoint serves and to the static files: never a 5xx, nothing written, no error logged', async ({ fuzz }) => {
  test.setTimeout(120_000 + SHAPE_RUNS * 60);
  await fuzzShape(fuzz, 'stray addresses', STRAY_ADDRESSES, (r) => r);
});

/**
 * Same-origin posts to every page with an action that are refused before an action reads them: an
 * action id Next does not know (409), a body over the limit, sized or chunked (413, 411), a multipart
 * body cut short (400, the proxy). The unread rest of a body must not turn into an error either.
 */
const REFUSED_UNREAD: Partial<TRecipe>[] = [
  { actionHeader: 'unknown' },
  { padding: 300 * 1024 },
  { chunked: true, padding: 300 * 1024 },
  { actionHeader: 'unknown', padding: 300 * 1024 },
  { actionHeader: 'right', encoding: 'multipart', contentType: 'matching', truncated: true },
];

test('same-origin posts refused before an action reads them: never a 5xx, nothing written, no error logged', async ({ fuzz }) => {
  test.setTimeout(120_000 + SHAPE_RUNS * 60);
  const pages = [...new Set([...fuzz.actionIds.values()].map((a) => fillPattern(a.page, PAGES[a.page]?.params?.(fuzz.world) ?? {})))];
  await fuzzShape(fuzz, 'refused unread', pages, (r) =>
    fc.tuple(r, fc.constantFrom(...REFUSED_UNREAD)).map(([recipe, refusal]) => ({ ...recipe, origin: 'same' as const, ...refusal })),
  );
});

/** Tile path segments (0057): the specification's, their near misses, numbers, and anything at all. */
const TILE_SEGMENTS = [
  'entries',
  'entry',
  '0',
  '1',
  '63',
  '64',
  '000',
  '001',
  '255',
  '256',
  '999',
  'x000',
  'x001',
  'x999',
  'X001',
  'x01',
  '01',
  '00',
  '-1',
  '000.p',
  '001.p',
  '.p',
  'p',
  '1.p',
  '.',
  '..',
  '',
];
/** Segments sent as they are, not percent-encoded: encodings a client may get wrong. */
const RAW_TILE_SEGMENTS = ['%', '%00', '%2e%2e', '%2F', '%E0%A4%A', '%ZZ', '..%2f..', ';', '?', '#'];

test('GET /api/log/tile/…: any path, as anyone, never a 5xx, an entry bundle only for officers and auditors, nothing written', async ({
  fuzz,
}) => {
  test.setTimeout(120_000 + SHAPE_RUNS * 60);
  const prisma = fuzz.fuzzApp.database.prisma;
  const segment = fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...TILE_SEGMENTS).map(encodeSegment) },
    { weight: 2, arbitrary: fc.integer({ min: 0, max: 100_000 }).map((n) => encodeSegment(String(n))) },
    { weight: 2, arbitrary: nastyString(worldValues(fuzz.world)).map(encodeSegment) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_TILE_SEGMENTS) },
  );
  // The tiles every world's log has (its tree holds at least the world's one consent), tile-shaped paths (a
  // level, an index, perhaps a width) around them, and any path at all.
  const tileShaped = fc
    .tuple(
      fc.constantFrom('0', '1', '2', 'entries', '63', '64', '01', '-1', 'entries.p'),
      fc.constantFrom('000', '001', '002', 'x001/000', 'x000/001', 'x001/x002/003', '255', '999', '1', '0000'),
      fc.option(fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.constantFrom('00', '01', 'x', '', '1/2'))),
    )
    .map(([level, index, width]) => (width === null ? `${level}/${index}` : `${level}/${index}.p/${width}`));
  const request = fc.record({
    path: fc.oneof(
      { weight: 1, arbitrary: fc.constantFrom('0/000.p/1', 'entries/000.p/1') },
      { weight: 2, arbitrary: tileShaped },
      { weight: 2, arbitrary: fc.array(segment, { minLength: 1, maxLength: 10 }).map((s) => s.join('/')) },
    ),
    actor: fc.constantFrom<TActorName>('anonymous', 'compliance', 'auditor', 'print', 'memberA', 'admin', 'expired'),
    gzip: fc.boolean(),
  });
  const readers = new Set<TActorName>(['compliance', 'auditor']);
  const errorsBefore = errorLines(fuzz).length;
  const before = await fingerprint(prisma);
  const statuses: Record<string, number> = {};
  const served = { hashTiles: 0, entryBundles: 0 };
  const details = await fc.check(
    fc.asyncProperty(request, async ({ path: tilePath, actor, gzip }) => {
      const headers: Record<string, string> = { 'accept-encoding': gzip ? 'gzip' : 'identity' };
      const cookie = fuzz.world.cookies[actor];
      if (cookie) headers.cookie = cookie;
      const authorization = fuzz.world.authorization[actor];
      if (authorization) headers.authorization = authorization;
      const address = `/api/log/tile/${tilePath}`;
      const response = await fetch(`${fuzz.base}${address}`, { headers, redirect: 'manual' });
      const body = Buffer.from(await response.arrayBuffer());
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      if (response.status >= 500)
        throw new Error(`${response.status} for GET ${address} as ${actor}\n  answer: ${body.toString('utf8', 0, 300)}`);
      // Whatever the path's spelling, an entry bundle's bytes reach nobody else.
      const isBundle = response.status === 200 && !(response.headers.get('cache-control') ?? '').startsWith('public');
      if (isBundle && !readers.has(actor)) throw new Error(`an entry bundle for ${actor} at GET ${address}`);
      if (response.status === 200) served[isBundle ? 'entryBundles' : 'hashTiles']++;
    }),
    { seed: SEED, numRuns: SHAPE_RUNS, endOnFailure: true },
  );
  console.log(`fuzz GET /api/log/tile: ${SHAPE_RUNS} inputs; statuses ${JSON.stringify(statuses)}; served ${JSON.stringify(served)}`);
  expect(details.failed, details.failed ? String(details.errorInstance) : '').toBe(false);
  // The inputs reached the answers that read the log, not only the refusals.
  expect(served.hashTiles).toBeGreaterThan(0);
  expect(served.entryBundles).toBeGreaterThan(0);
  expect(unexpected(writesBetween(before, await fingerprint(prisma)), {})).toEqual([]);
  expect(
    errorLines(fuzz)
      .slice(errorsBefore)
      .map((l) => l.slice(0, 600)),
  ).toEqual([]);
});

test.afterAll(() => {
  // One summary of every endpoint's report so far (each worker writes it; the last one sees all).
  let files: string[] = [];
  try {
    files = readdirSync(REPORT_DIR).filter((f) => f.endsWith('.json'));
  } catch {
    return;
  }
  const endpoints = files.map((f) => JSON.parse(readFileSync(path.join(REPORT_DIR, f), 'utf8')) as { runs: number });
  const summary = {
    seed: SEED,
    runsPerEndpoint: RUNS,
    endpoints: endpoints.length,
    inputs: endpoints.reduce((n, e) => n + e.runs, 0),
    reports: endpoints,
  };
  writeFileSync(path.resolve('.test-reports/fuzz.json'), `${JSON.stringify(summary, null, 2)}\n`);
});
