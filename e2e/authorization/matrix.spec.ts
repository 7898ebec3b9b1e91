import { AUDITOR_TOKEN } from '@/server/compliance/auditors/auditor-credentials';
import { activeAuditorToken } from '@/tests/auditor-credential';
import { test as fixtures, expect } from '../fixtures';
import { HTTP_METHODS, type THttpMethod, discoverRoutes, fillPattern } from './discover';
import { ACTIONS, AUTH_JS_ROUTES, HANDLERS, PAGES, type TCells, type TExpected, type TParams, missingParams } from './matrix';
import { manifestIds, replyBody } from './server-actions';
import { ACTORS, type TActorName, type TWorld, changedParts, createWorld, snapshot } from './world';

// The authorization matrix (issue 8; docs/decisions/0033): every page, route handler and Server
// Action as every actor, against the built app, with forged middleware-subrequest headers changing
// nothing, 404s that leak nothing and read the same as for objects that do not exist, and refused
// actions that write nothing.

const BASE = `http://localhost:${Number(process.env.E2E_PORT ?? 3211)}`;
const FORGED = ['middleware:middleware:middleware:middleware:middleware', 'proxy:proxy:proxy:proxy:proxy'];
const HOME: Record<TActorName, string | null> = {
  anonymous: null,
  expired: null,
  revoked: null,
  initial: null,
  print: null,
  auditor: null,
  memberA: '/member',
  memberB: '/member',
  employer: '/member',
  advisorX: '/advisor',
  advisorY: '/advisor',
  compliance: '/compliance',
  admin: '/admin',
};

const test = fixtures.extend<object, { world: TWorld }>({
  world: [
    async ({ database, browser }, use) => use(await createWorld(database.prisma, browser, BASE)),
    { scope: 'worker', timeout: 60_000 },
  ],
});

type TAnswer = { status: number; location: string | null; headers: [string, string][]; body: string };

async function call(
  method: string,
  pathAndQuery: string,
  cookie: string | null,
  options: { forged?: string; body?: BodyInit; headers?: Record<string, string>; authorization?: string } = {},
): Promise<TAnswer> {
  const headers: Record<string, string> = { origin: BASE, ...options.headers };
  if (cookie) headers.cookie = cookie;
  if (options.authorization) headers.authorization = options.authorization;
  if (options.forged) headers['x-middleware-subrequest'] = options.forged;
  const abort = new AbortController();
  const response = await fetch(`${BASE}${pathAndQuery}`, { method, headers, body: options.body, redirect: 'manual', signal: abort.signal });
  // The advisor's event stream never ends: its status and headers are the answer.
  const streaming = (response.headers.get('content-type') ?? '').includes('text/event-stream');
  const body = streaming ? '' : method === 'HEAD' ? '' : await response.text();
  if (streaming) abort.abort();
  const location = response.headers.get('location');
  return { status: response.status, location: location && new URL(location, BASE).pathname, headers: [...response.headers], body };
}

function meets(answer: TAnswer, expected: TExpected, actor: TActorName): boolean {
  const redirected = [302, 303, 307, 308].includes(answer.status);
  if (expected === 'start') return redirected && answer.location === '/';
  if (expected === 'login') return redirected && answer.location === '/login';
  if (expected === 'password') return redirected && answer.location === '/password';
  if (expected === 'home') return redirected && answer.location === HOME[actor];
  if (expected === 'allowed') return true;
  return answer.status === expected;
}
const shown = (a: TAnswer) => `${a.status}${a.location ? ` → ${a.location}` : ''}`;

/**
 * What a refused actor may not learn: the names, login names and ids of everyone they have no
 * consultation with, the topics and ids of consultations not theirs, the compliance area's objects.
 * Whatever the request itself names is no secret to its sender.
 */
function foreignSecrets(world: TWorld, actor: TActorName, requested: string): string[] {
  const own = actor === 'expired' || actor === 'revoked' ? null : (world.accounts as Record<string, { id: string }>)[actor]?.id;
  const mine = Object.values(world.consultations).filter((c) => c.memberId === own || c.advisorId === own);
  const known = new Set([own, ...mine.flatMap((c) => [c.memberId, c.advisorId])]);
  const secrets = Object.values(world.accounts)
    .filter((a) => !known.has(a.id))
    .flatMap((a) => [a.id, a.loginName, a.displayName]);
  for (const c of Object.values(world.consultations)) {
    if (!mine.includes(c)) secrets.push(c.id, c.topic);
  }
  secrets.push(world.violationId, world.exportId, world.draftId, world.proposalId, `Entwurf ${world.tag}`, `Prüfung ${world.tag}`);
  return secrets.filter((s) => !requested.includes(s) && !requested.includes(encodeURIComponent(s)));
}

/**
 * Request-specific parts of an answer: the ids asked for, nonces, Next's build token. React streams
 * the page's data rows in script chunks whose boundaries depend on scheduling, so the rows are
 * compared as a set, apart from the markup around them.
 */
function normalise(body: string, ids: string[]): string {
  // Nonces first: a short id (a queue number) could otherwise be replaced inside one.
  let out = body
    .replace(/nonce="[^"]*"/g, 'nonce=""')
    // The same nonce inside React's escaped data rows.
    .replace(/\\"nonce\\":\\"[A-Za-z0-9+/=]*\\"/g, '\\"nonce\\":\\"\\"')
    .replace(/"b":"[^"]*"/g, '"b":""')
    // The session's idle deadline moves (at most every 30 s) between two requests on a slow machine.
    .replace(/\\"expiresAt\\":\\"[0-9T:.Z-]*\\"/g, '\\"expiresAt\\":\\"\\"')
    .replace(/\b\d{1,2}:\d{2}\b/g, 'HH:MM');
  for (const id of ids) out = out.split(id).join('<ID>');
  const rows: string[] = [];
  // Every script carries the page's nonce (docs/decisions/0035), already blanked above.
  const markup = out.replace(/<script(?: nonce="")?>self\.__next_f\.push\(\[1,"((?:[^"\\]|\\.)*)"\]\)<\/script>/g, (_, payload: string) => {
    rows.push(payload);
    return '';
  });
  return `${markup}\n${rows.join('').split('\\n').sort().join('\n')}`;
}

const DENIED = new Set<TExpected>([401, 404, 'login', 'password']);

test('every page, route handler and Server Action on disk has a row, and every row a route', () => {
  const found = discoverRoutes();
  const handlerRows = Object.keys(HANDLERS);
  const missing = [
    ...found.pages.filter((p) => !PAGES[p]).map((p) => `page ${p}`),
    ...found.handlers.filter((h) => !HANDLERS[h]).map((h) => `route handler ${h}`),
    ...found.actions.filter((a) => !ACTIONS[a]).map((a) => `Server Action ${a}`),
  ];
  const stale = [
    ...Object.keys(PAGES).filter((p) => !found.pages.includes(p)),
    ...handlerRows.filter((h) => !found.handlers.includes(h)),
    ...Object.keys(ACTIONS).filter((a) => !found.actions.includes(a)),
  ];
  expect(missing, 'routes without a row in e2e/authorization/matrix.ts').toEqual([]);
  expect(stale, 'rows for routes that no longer exist').toEqual([]);
  for (const row of [...Object.values(PAGES), ...Object.values(HANDLERS), ...Object.values(ACTIONS)])
    expect(Object.keys(row.cells).sort()).toEqual([...ACTORS].sort());
});

type TCase = {
  label: string;
  method: THttpMethod;
  pattern: string;
  cells: TCells;
  params: TParams;
  body?: Record<string, string>;
  alike?: TActorName[];
};

function routeCases(world: TWorld): TCase[] {
  const found = discoverRoutes();
  const cases: TCase[] = [];
  for (const pattern of found.pages) {
    const row = PAGES[pattern];
    if (!row) continue;
    cases.push({ label: `GET ${pattern}`, method: 'GET', pattern, cells: row.cells, params: row.params?.(world) ?? {} });
  }
  const exported = new Map<string, THttpMethod[]>();
  for (const key of found.handlers) {
    const [method, pattern] = key.split(' ') as [THttpMethod, string];
    exported.set(pattern, [...(exported.get(pattern) ?? []), method]);
    const row = HANDLERS[key];
    if (!row) continue;
    cases.push({
      label: key,
      method,
      pattern,
      cells: row.cells,
      params: row.params?.(world) ?? {},
      body: row.body?.(world),
      alike: row.alike,
    });
  }
  // A method the handler does not export: 405 for everyone, whoever asks.
  for (const [pattern, methods] of exported) {
    const wrong = (['DELETE', 'PUT', ...HTTP_METHODS] as THttpMethod[]).find(
      (m) => !methods.includes(m) && m !== 'HEAD' && m !== 'OPTIONS',
    )!;
    const params = HANDLERS[`${methods[0]!} ${pattern}`]?.params?.(world) ?? {};
    // The print system's credential outside the print API meets the proxy's 404 first (0042), as an
    // auditor's does anywhere but the entry bundles (0057; no row's parameters name an entry bundle).
    const print = pattern.startsWith('/api/print/') ? 405 : 404;
    cases.push({
      label: `${wrong} ${pattern}`,
      method: wrong,
      pattern,
      params,
      cells: Object.fromEntries(ACTORS.map((a) => [a, a === 'print' ? print : a === 'auditor' ? 404 : 405])) as TCells,
    });
  }
  return cases;
}

for (const actor of ACTORS) {
  test(`pages and route handlers as ${actor}`, async ({ world }) => {
    const cookie = world.cookies[actor];
    const authorization = world.authorization[actor];
    const problems: string[] = [];
    for (const c of routeCases(world)) {
      const expected = c.cells[actor];
      const url = fillPattern(c.pattern, c.params);
      const body = c.body ? new URLSearchParams(c.body).toString() : undefined;
      const headers = c.body ? { 'content-type': 'application/x-www-form-urlencoded' } : undefined;
      const answer = await call(c.method, url, cookie, { body, headers, authorization });
      if (!meets(answer, expected, actor)) problems.push(`${c.label}: expected ${expected}, got ${shown(answer)}`);

      // The proxy is no gate: a forged subrequest header (which made old middleware skip itself) changes nothing.
      for (const forged of FORGED) {
        const again = await call(c.method, url, cookie, { body, headers, forged, authorization });
        if (again.status !== answer.status || again.location !== answer.location)
          problems.push(`${c.label} with x-middleware-subrequest ${forged}: ${shown(again)} instead of ${shown(answer)}`);
      }

      const refused = DENIED.has(expected) || !!c.alike?.includes(actor);
      if (!refused || c.label.startsWith('POST /api/auth/')) continue;
      const secrets = foreignSecrets(world, actor, url);
      const leakedIn = (where: string, text: string) =>
        secrets.filter((s) => text.includes(s)).forEach((s) => problems.push(`${c.label}: ${where} names ${JSON.stringify(s)}`));
      leakedIn('the body', answer.body);
      leakedIn('the headers', answer.headers.map(([k, v]) => `${k}: ${v}`).join('\n'));

      // "Exists but not yours" reads exactly as "does not exist".
      if (Object.keys(c.params).length && (expected === 404 || c.alike?.includes(actor))) {
        const missing = missingParams(c.params);
        const other = await call(c.method, fillPattern(c.pattern, missing), cookie, { body, headers, authorization });
        const ids = [...Object.values(c.params), ...Object.values(missing)];
        const where = (a: TAnswer) => a.location && normalise(a.location, ids);
        if (other.status !== answer.status || where(other) !== where(answer))
          problems.push(`${c.label}: ${shown(answer)} for another's object, ${shown(other)} for none`);
        else if (normalise(answer.body, ids) !== normalise(other.body, ids)) {
          problems.push(`${c.label}: the 404 for another's object differs from the 404 for none`);
          await test.info().attach(`${c.label} another's`, { body: normalise(answer.body, ids), contentType: 'text/plain' });
          await test.info().attach(`${c.label} none`, { body: normalise(other.body, ids), contentType: 'text/plain' });
        }
        const headerNames = (a: TAnswer) =>
          a.headers
            .map(([k]) => k)
            .filter((k) => k !== 'date' && k !== 'content-length')
            .sort()
            .join(',');
        if (headerNames(answer) !== headerNames(other))
          problems.push(`${c.label}: other headers for another's object (${headerNames(answer)}) than for none (${headerNames(other)})`);
      }
    }
    expect(problems).toEqual([]);
  });
}

/**
 * An entry bundle of the log (the first entry's, in every world), as every actor: compliance officers and
 * auditors with a credential read it; a session of anyone else is told nothing exists (404), and without a
 * usable session the answer asks for a credential (401). The print system's token meets the proxy (0057).
 */
const ENTRY_BUNDLE: TCells = {
  anonymous: 401,
  expired: 401,
  revoked: 401,
  initial: 401,
  memberA: 404,
  memberB: 404,
  employer: 404,
  advisorX: 404,
  advisorY: 404,
  admin: 404,
  compliance: 200,
  auditor: 200,
  print: 404,
};

test('entry bundles: compliance officers and auditors read them, an auditor only within its range; nobody else', async ({
  world,
  database,
}) => {
  const bundle = '/api/log/tile/entries/000.p/1';
  const problems: string[] = [];
  for (const actor of ACTORS) {
    const cookie = world.cookies[actor];
    const authorization = world.authorization[actor];
    const expected = ENTRY_BUNDLE[actor];
    for (const forged of [undefined, ...FORGED]) {
      const answer = await call('GET', bundle, cookie, { authorization, forged });
      const label = `${actor}${forged ? ` (x-middleware-subrequest ${forged})` : ''}`;
      if (answer.status !== expected) problems.push(`${label}: expected ${expected}, got ${shown(answer)}`);
      const header = (name: string) => answer.headers.find(([k]) => k === name)?.[1] ?? '';
      if (answer.status === 200 && !header('cache-control').startsWith('private'))
        problems.push(`${label}: an entry bundle may be kept by a shared cache (${header('cache-control')})`);
      if (answer.status === 401 && !header('www-authenticate').startsWith('Bearer'))
        problems.push(`${label}: a 401 without a Bearer challenge`);
    }
  }
  // A bundle beyond the newest checkpoint: an officer is told it does not exist (yet), an auditor that the credential does not reach it.
  const beyond = '/api/log/tile/entries/x999/999';
  const officer = await call('GET', beyond, world.cookies.compliance);
  if (officer.status !== 404) problems.push(`compliance, beyond the checkpoint: ${shown(officer)} instead of 404`);
  const auditor = await call('GET', beyond, null, { authorization: world.authorization.auditor });
  if (auditor.status !== 403) problems.push(`auditor, beyond the checkpoint: ${shown(auditor)} instead of 403`);

  // An active credential whose range ends long before the first entry: 403 for that bundle, and hash tiles still 404 (the proxy).
  const token = await activeAuditorToken(database.prisma, {
    label: 'Authz-Prüfung vor dem Protokoll',
    entriesFrom: new Date('2001-01-01T00:00:00Z'),
    entriesUntil: new Date('2001-01-02T00:00:00Z'),
  });
  const outOfRange = await call('GET', bundle, null, { authorization: `Bearer ${token}` });
  if (outOfRange.status !== 403) problems.push(`auditor outside its range: ${shown(outOfRange)} instead of 403`);
  const hashTile = await call('GET', '/api/log/tile/0/000.p/1', null, { authorization: `Bearer ${token}` });
  if (hashTile.status !== 404) problems.push(`auditor credential on a hash tile: ${shown(hashTile)} instead of 404`);
  // The world's credential with another second part, and one nobody made: 401.
  for (const [what, forgedToken] of [
    ['a wrong second part', `${world.authorization.auditor!.slice('Bearer '.length, -43)}${'A'.repeat(43)}`],
    ['an unknown credential', AUDITOR_TOKEN.newToken()],
  ] as const) {
    const answer = await call('GET', bundle, null, { authorization: `Bearer ${forgedToken}` });
    if (answer.status !== 401) problems.push(`auditor with ${what}: ${shown(answer)} instead of 401`);
  }
  expect(problems).toEqual([]);
});

/** How a GET for a page can arrive: from another site, without any hint (a bookmark, a script), or from one of our pages. */
const ARRIVALS: { label: string; headers: Record<string, string>; ownPage: boolean }[] = [
  { label: 'from another site', headers: { 'sec-fetch-site': 'cross-site' }, ownPage: false },
  { label: 'typed or bookmarked', headers: { 'sec-fetch-site': 'none' }, ownPage: false },
  { label: 'without Fetch Metadata or Referer', headers: {}, ownPage: false },
  { label: 'from an own page', headers: { 'sec-fetch-site': 'same-origin' }, ownPage: true },
];

test('a page whose reading is logged logs it only when asked for from one of our pages; no other page writes the log', async ({
  world,
  database,
}) => {
  const ownEntries = async (accountId: string) =>
    (
      await database.prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM consent_log_personal WHERE data->>'actorId' = ${accountId}`
    )[0]!.n;
  const problems: string[] = [];
  for (const [pattern, row] of Object.entries(PAGES)) {
    // The first actor who may read the page: who it is makes no difference to whether it logs.
    const actor = ACTORS.find((a) => row.cells[a] === 200 && a in world.accounts) as keyof TWorld['accounts'] | undefined;
    if (!actor) continue;
    const query = row.logsRead?.query?.(world);
    const url = `${fillPattern(pattern, row.params?.(world) ?? {})}${query ? `?${new URLSearchParams(query)}` : ''}`;
    // Pages that do not log are asked once, as from an own page, where a logged read would show.
    for (const arrival of row.logsRead ? ARRIVALS : ARRIVALS.slice(-1)) {
      const before = await ownEntries(world.accounts[actor].id);
      const answer = await call('GET', url, world.cookies[actor], { headers: arrival.headers });
      const written = Number((await ownEntries(world.accounts[actor].id)) - before);
      const expected = row.logsRead && arrival.ownPage ? 1 : 0;
      const label = `GET ${url} as ${actor}, ${arrival.label}`;
      if (answer.status !== 200) problems.push(`${label}: ${shown(answer)}`);
      if (written !== expected) problems.push(`${label}: ${written} log entries instead of ${expected}`);
      const asksFirst = answer.body.includes('data-testid="confirm-logged-read"');
      if (asksFirst !== (!!row.logsRead && !arrival.ownPage))
        problems.push(`${label}: ${asksFirst ? 'asks to confirm' : 'does not ask to confirm'}`);
    }
  }
  expect(problems).toEqual([]);
});

for (const actor of ACTORS) {
  test(`Auth.js's built-in routes as ${actor}: 404, and the session afterwards as before`, async ({ world }) => {
    const cookie = world.cookies[actor];
    const authorization = world.authorization[actor];
    const problems: string[] = [];
    const replay = async () => shown(await call('GET', '/', cookie, { authorization }));
    const before = await replay();
    for (const [method, path] of AUTH_JS_ROUTES) {
      const body =
        method === 'POST'
          ? new URLSearchParams({ csrfToken: 'x', callbackUrl: '/', identifier: 'A123456780', password: 'x' }).toString()
          : undefined;
      const headers = body ? { 'content-type': 'application/x-www-form-urlencoded' } : undefined;
      const answer = await call(method, `/api/auth/${path}`, cookie, { body, headers, authorization });
      if (answer.status !== 404) problems.push(`${method} /api/auth/${path}: expected 404, got ${shown(answer)}`);
      const setCookies = answer.headers.filter(([k]) => k === 'set-cookie').map(([, v]) => v.split('=')[0]);
      if (setCookies.length) problems.push(`${method} /api/auth/${path}: sets ${setCookies.join(', ')}`);
      // The same cookie, replayed: the session is exactly what it was (alive, or still refused).
      const after = await replay();
      if (after !== before) problems.push(`${method} /api/auth/${path}: the cookie replayed afterwards gets ${after}, before ${before}`);
    }
    expect(problems).toEqual([]);
  });
}

for (const actor of ACTORS) {
  test(`Server Actions as ${actor}`, async ({ world, database }) => {
    const ids = manifestIds();
    const cookie = world.cookies[actor];
    const authorization = world.authorization[actor];
    const problems: string[] = [];
    if (actor === 'anonymous') {
      // The control: an id Next does not know is told apart from an action's own 404, or the cells below would prove nothing.
      const unknown = await call('POST', '/login', cookie, {
        body: replyBody({}, 'none'),
        headers: { 'next-action': '7f'.repeat(21), accept: 'text/x-component' },
      });
      expect(unknown.headers.some(([k]) => k === 'x-nextjs-action-not-found')).toBe(true);
    }
    for (const [key, row] of Object.entries(ACTIONS)) {
      const expected = row.cells[actor];
      if (expected === 'allowed') continue;
      const found = ids.get(key);
      if (!found) {
        problems.push(`${key}: not in .next/server/server-reference-manifest.json (build first)`);
        continue;
      }
      const page = fillPattern(found.page, PAGES[found.page]?.params?.(world) ?? {});
      for (const forged of [undefined, ...FORGED]) {
        const before = await snapshot(database.prisma, world);
        const answer = await call('POST', page, cookie, {
          forged,
          authorization,
          body: replyBody(row.fields(world), row.args ?? 'formData'),
          headers: { 'next-action': found.id, accept: 'text/x-component' },
        });
        const after = await snapshot(database.prisma, world);
        const label = `${key}${forged ? ` (x-middleware-subrequest ${forged})` : ''}`;
        if (answer.headers.some(([k]) => k === 'x-nextjs-action-not-found')) problems.push(`${label}: Next did not find the action`);
        else if (!meetsAction(answer, expected))
          problems.push(`${label}: expected ${expected}, got ${shown(answer)} ${actionRedirect(answer) ?? ''}`);
        const changed = changedParts(before, after);
        if (changed.length) problems.push(`${label}: wrote to the database (${changed.join(', ')})`);
        for (const s of foreignSecrets(world, actor, `${page} ${Object.values(row.fields(world)).join(' ')}`)) {
          if (answer.body.includes(s)) problems.push(`${label}: the answer names ${JSON.stringify(s)}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
}

/** A Server Action's redirect reaches a script as a 303 with the target in `x-action-redirect`. */
function actionRedirect(answer: TAnswer): string | null {
  const header = answer.headers.find(([k]) => k === 'x-action-redirect')?.[1];
  return header ? (header.split(';')[0] ?? null) : answer.location;
}

function meetsAction(answer: TAnswer, expected: TExpected): boolean {
  const target = actionRedirect(answer);
  if (expected === 'login') return target === '/login';
  if (expected === 'password') return target === '/password';
  return answer.status === expected;
}
