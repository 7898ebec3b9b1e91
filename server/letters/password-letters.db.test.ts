import { randomInt } from 'node:crypto';
import type { AccountKind } from '@/server/db/generated/enums';
import { expect, it } from 'vitest';
import { createAccount, createConsultation } from '@/prisma/seed/factories';
import { authenticate } from '@/server/auth/authenticate';
import { changePassword } from '@/server/auth/change-password';
import { actorForSession } from '@/server/auth/session-lookup';
import { claimNextLetter } from '@/server/letters/claim-letter';
import { confirmLetter } from '@/server/letters/confirm-letter';
import { INITIAL_PASSWORD_VALID_MS } from '@/server/auth/initial-password';
import { MAX_LETTER_ATTEMPTS } from '@/server/letters/letter-policy';
import { holdSignIn } from '@/server/auth/letter-sign-in';
import { listLetters } from '@/server/letters/list-letters';
import { requestPasswordLetter } from '@/server/letters/request-letter';
import { describeEachDatabase, useTestDatabase } from '@/tests/database';
import { entriesAbout } from '@/tests/entries-about';
import { TEST_PASSWORD, actorFor, createServices, randomInsuranceNumber } from '@/tests/scenario';

const CODE = /^([A-Za-z2-9]{4}-){3}[A-Za-z2-9]{4}$/;
const PRINT = { id: '00000000-0000-4000-8000-00000000fee1', label: 'Druckstraße' };

describeEachDatabase('password letters through the print system', (kind) => {
  const database = useTestDatabase(kind);
  const prisma = () => database().prisma;

  async function world() {
    const tag = randomInt(1e9).toString(36);
    const member = await createAccount(prisma(), { kind: 'MEMBER', loginName: randomInsuranceNumber(), displayName: `Jürgen Größ ${tag}`, password: TEST_PASSWORD });
    const admin = await createAccount(prisma(), { kind: 'ADMIN', loginName: `admin.${tag}`, displayName: 'Admin', password: TEST_PASSWORD });
    const ownAdvisor = await createAccount(prisma(), { kind: 'ADVISOR', loginName: `own.${tag}`, displayName: 'Eigene', password: TEST_PASSWORD });
    const otherAdvisor = await createAccount(prisma(), { kind: 'ADVISOR', loginName: `other.${tag}`, displayName: 'Andere', password: TEST_PASSWORD });
    const compliance = await createAccount(prisma(), { kind: 'COMPLIANCE', loginName: `c.${tag}`, displayName: 'Prüferin', password: TEST_PASSWORD });
    const services = await createServices(prisma());
    await createConsultation(prisma(), { memberId: member.id, advisorId: ownAdvisor.id, videoServiceId: services.own.id, topic: 'T', startsAt: new Date(Date.now() + 3_600_000) });
    // The print credential the claims name (rows elsewhere reference it).
    await prisma().printCredential.upsert({ where: { id: PRINT.id }, create: { id: PRINT.id, label: PRINT.label, tokenHash: `test-${PRINT.id}` }, update: {} });
    return { member, admin, ownAdvisor, otherAdvisor, compliance };
  }

  const request = (actor: { id: string; kind: AccountKind; displayName: string }, member: string, extra: { block?: 'yes' } = {}, now?: Date) =>
    requestPasswordLetter(prisma(), actorFor(actor), { member, language: 'de', confirm: 'yes', ...extra }, now);

  /** Plays the print system: fetches the next letter and keeps what the renderer was given (only a test sees it). */
  async function fetchLetter(now?: Date) {
    const claimed = await claimNextLetter(prisma(), PRINT, (letter) => Promise.resolve(letter.code), now);
    return claimed ? { ...claimed.letter, code: claimed.rendered } : null;
  }

  // Letters from other tests of this file wait in the same queue: fetch until this member's comes. A fetch
  // skips a letter whose member a sign-in holds at that moment (it never waits, 0042), and the print system
  // fetches again later (docs/print-api.md): so does this, a few times, before calling the queue empty.
  async function fetchLetterFor(accountNumber: string, now?: Date) {
    for (let empty = 0; ; ) {
      const letter = await fetchLetter(now);
      if (!letter) {
        if (++empty > 20) throw new Error('no letter waiting');
        await pause(50);
        continue;
      }
      if (letter.recipient.number === accountNumber) return letter;
    }
  }

  it("a request changes nothing for the member; the code exists only from the print system's fetch, for one sign-in", async () => {
    const w = await world();
    const before = await authenticate({ identifier: w.member.loginName, password: TEST_PASSWORD }, undefined);
    const requested = await request(w.ownAdvisor, w.member.loginName.toLowerCase());
    expect(requested).toMatchObject({ ok: true, alreadyRequested: false, blocked: false });
    // Nothing yet: the old password works, the session lives, and no code was made.
    expect(await actorForSession(before!.sessionId)).not.toBeNull();
    expect(await authenticate({ identifier: w.member.loginName, password: TEST_PASSWORD }, undefined)).not.toBeNull();
    const [row] = await listLetters(prisma(), actorFor(w.ownAdvisor));
    expect(row).toMatchObject({ state: 'REQUESTED', requestedBy: 'ADVISOR', codeExpiresAt: null, code: 'not-made' });

    const fetchedAt = new Date();
    const letter = await fetchLetterFor(w.member.loginName, fetchedAt);
    expect(letter.code).toMatch(CODE);
    expect(letter.recipient).toEqual({ kind: 'MEMBER', number: w.member.loginName, name: w.member.displayName });
    expect(letter.codeExpiresAt.getTime()).toBe(fetchedAt.getTime() + INITIAL_PASSWORD_VALID_MS);
    // From the fetch: the old password is gone, every session ended.
    expect(await actorForSession(before!.sessionId)).toBeNull();
    expect(await authenticate({ identifier: w.member.loginName, password: TEST_PASSWORD }, undefined)).toBeNull();
    const stored = await prisma().account.findUniqueOrThrow({ where: { id: w.member.id } });
    expect(stored.passwordHash.startsWith('$argon2id$')).toBe(true);
    expect(JSON.stringify(await prisma().passwordLetter.findMany({ where: { accountId: w.member.id } }))).not.toContain(letter.code);

    const first = await authenticate({ identifier: w.member.loginName, password: letter.code }, undefined);
    expect((await actorForSession(first!.sessionId))?.mustChangePassword).toBe(true);
    // One sign-in: the same code again is refused like a wrong password.
    expect(await authenticate({ identifier: w.member.loginName, password: letter.code }, undefined)).toBeNull();

    const entries = await entriesAbout(prisma(), w.member.id);
    expect(entries.map((e) => [e.event_type, e.payload.by ?? null])).toEqual([
      ['auth.password_letter_requested', 'ADVISOR'],
      ['print.letter_handed', null],
    ]);
    expect(entries[1]!.payload).toMatchObject({ letterId: letter.id, attempt: 1, credentialId: PRINT.id, sessionsEnded: 2 });
    expect(JSON.stringify(entries)).not.toContain(letter.code);
  });

  it("a code used by one sign-in is refused to another that read its clock earlier but got the account's lock later", async () => {
    const w = await world();
    await request(w.admin, w.member.loginName);
    await fetchLetterFor(w.member.loginName);
    const account = await prisma().account.findUniqueOrThrow({ where: { id: w.member.id }, select: { id: true, kind: true, passwordHash: true } });
    const earlier = new Date();
    expect(await prisma().$transaction((tx) => holdSignIn(tx, account, new Date(earlier.getTime() + 1000)))).toBe(true);
    expect(await prisma().$transaction((tx) => holdSignIn(tx, account, earlier))).toBe(false);
  });

  it('simultaneous sign-ins with one code open exactly one session', async () => {
    const w = await world();
    await request(w.admin, w.member.loginName);
    const letter = await fetchLetterFor(w.member.loginName);
    const results = await Promise.all(Array.from({ length: 5 }, () => authenticate({ identifier: w.member.loginName, password: letter.code }, undefined)));
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(await prisma().session.count({ where: { accountId: w.member.id, revokedAt: null } })).toBe(1);
  });

  it('simultaneous fetches never hand out the same letter', async () => {
    const members = await Promise.all(Array.from({ length: 4 }, async () => (await world()).member));
    const w = await world();
    for (const member of members) await request(w.admin, member.loginName);
    const fetched = (await Promise.all(Array.from({ length: 8 }, () => fetchLetter()))).filter((l) => l !== null);
    const ids = fetched.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const member of members) expect(fetched.filter((l) => l.recipient.number === member.loginName)).toHaveLength(1);
    expect(await prisma().passwordLetter.count({ where: { accountId: { in: members.map((m) => m.id) }, state: 'REQUESTED' } })).toBe(0);
  });

  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  // Which of two requests reaches the database first is up to the scheduler: each race runs at several
  // offsets, and what must hold holds whichever order the database saw.
  const OFFSETS_MS = [0, 10, 25, 45, 70];

  it("an administrator's block is never undone by a password change under way at the same time", async () => {
    for (const offset of OFFSETS_MS) {
      const w = await world();
      const signedIn = await authenticate({ identifier: w.member.loginName, password: TEST_PASSWORD }, undefined);
      const actor = { ...(await actorForSession(signedIn!.sessionId))!, ipPseudonym: undefined };
      const chosen = 'Eigenes-Passwort-2026!';
      await Promise.all([
        changePassword(actor, { currentPassword: TEST_PASSWORD, newPassword: chosen, confirmPassword: chosen }),
        pause(offset).then(() => request(w.admin, w.member.loginName, { block: 'yes' })),
      ]);
      expect(await authenticate({ identifier: w.member.loginName, password: chosen }, undefined), `block ${offset} ms after the change began`).toBeNull();
    }
  });

  it('a sign-in with the old password at the moment of the fetch never uses up the new code', async () => {
    for (const offset of OFFSETS_MS) {
      const w = await world();
      await request(w.admin, w.member.loginName);
      const [, letter] = await Promise.all([
        pause(offset).then(() => authenticate({ identifier: w.member.loginName, password: TEST_PASSWORD }, undefined)),
        fetchLetterFor(w.member.loginName),
      ]);
      expect(await authenticate({ identifier: w.member.loginName, password: letter.code }, undefined), `sign-in ${offset} ms after the fetch began`).not.toBeNull();
    }
    // The case itself, without the scheduler: a password checked before the fetch is no longer the account's.
    const w = await world();
    await request(w.admin, w.member.loginName);
    const before = await prisma().account.findUniqueOrThrow({ where: { id: w.member.id }, select: { id: true, kind: true, passwordHash: true } });
    const letter = await fetchLetterFor(w.member.loginName);
    expect(await prisma().$transaction((tx) => holdSignIn(tx, before, new Date()))).toBe(false);
    expect(await authenticate({ identifier: w.member.loginName, password: letter.code }, undefined)).not.toBeNull();
  });

  it('a code past its 14 days is refused like a wrong password', async () => {
    const w = await world();
    await request(w.admin, w.member.loginName);
    const letter = await fetchLetterFor(w.member.loginName, new Date(Date.now() - INITIAL_PASSWORD_VALID_MS - 60_000));
    expect(await authenticate({ identifier: w.member.loginName, password: letter.code }, undefined)).toBeNull();
  });

  it('need-to-know: an advisor only for members they advise, once a day; only an administrator may block sign-in', async () => {
    const w = await world();
    for (const actor of [w.otherAdvisor, w.compliance, w.member]) expect(await request(actor, w.member.loginName)).toEqual({ ok: false, reason: 'not-found' });
    expect(await request(w.admin, w.ownAdvisor.loginName)).toEqual({ ok: false, reason: 'not-found' });
    expect(await listLetters(prisma(), actorFor(w.otherAdvisor))).toEqual([]);
    expect(await listLetters(prisma(), actorFor(w.compliance))).toEqual([]);
    // An advisor's "block" is ignored: the old password keeps working until the letter is fetched.
    expect(await request(w.ownAdvisor, w.member.loginName, { block: 'yes' })).toMatchObject({ ok: true, blocked: false });
    expect(await authenticate({ identifier: w.member.loginName, password: TEST_PASSWORD }, undefined)).not.toBeNull();
    expect(await request(w.ownAdvisor, w.member.loginName)).toEqual({ ok: false, reason: 'recent-letter' });
    // A second request while one waits makes no second letter.
    expect(await request(w.admin, w.member.loginName)).toMatchObject({ ok: true, alreadyRequested: true });
    expect(await prisma().passwordLetter.count({ where: { accountId: w.member.id } })).toBe(1);
    const session = await authenticate({ identifier: w.member.loginName, password: TEST_PASSWORD }, undefined);
    expect(await request(w.admin, w.member.loginName, { block: 'yes' })).toMatchObject({ ok: true, blocked: true });
    expect(await actorForSession(session!.sessionId)).toBeNull();
    expect(await authenticate({ identifier: w.member.loginName, password: TEST_PASSWORD }, undefined)).toBeNull();
    expect((await entriesAbout(prisma(), w.member.id)).map((e) => [e.payload.by, e.payload.signInBlocked])).toEqual([
      ['ADVISOR', false],
      ['ADMIN', false],
      ['ADMIN', true],
    ]);
  });

  it('printed, or failed: a failed letter loses its code and is requested again, up to the limit; reports are idempotent', async () => {
    const w = await world();
    await request(w.admin, w.member.loginName);
    let letter = await fetchLetterFor(w.member.loginName);
    expect(await confirmLetter(prisma(), PRINT, letter.id, { outcome: 'failed', reason: 'printer-error' })).toMatchObject({ ok: true, state: 'FAILED', duplicate: false });
    expect(await authenticate({ identifier: w.member.loginName, password: letter.code }, undefined)).toBeNull();
    const again = await confirmLetter(prisma(), PRINT, letter.id, { outcome: 'failed', reason: 'printer-error' });
    expect(again).toMatchObject({ ok: true, duplicate: true });
    expect(await confirmLetter(prisma(), PRINT, letter.id, { outcome: 'printed' })).toEqual({ ok: false, reason: 'conflict', state: 'FAILED' });
    for (let attempt = 2; attempt <= MAX_LETTER_ATTEMPTS; attempt++) {
      const next = await fetchLetterFor(w.member.loginName);
      expect(next.attempt).toBe(attempt);
      expect(next.code).not.toBe(letter.code);
      letter = next;
      await confirmLetter(prisma(), PRINT, letter.id, { outcome: 'failed', reason: 'damaged' });
    }
    // The limit: no further letter by itself; staff see three failed letters and may request again.
    expect(await prisma().passwordLetter.count({ where: { accountId: w.member.id, state: 'REQUESTED' } })).toBe(0);
    expect((await listLetters(prisma(), actorFor(w.admin))).filter((l) => l.member.number === w.member.loginName).map((l) => l.state)).toEqual(['FAILED', 'FAILED', 'FAILED']);

    await request(w.admin, w.member.loginName);
    const printed = await fetchLetterFor(w.member.loginName);
    expect(await confirmLetter(prisma(), PRINT, printed.id, { outcome: 'printed' })).toMatchObject({ ok: true, state: 'PRINTED', duplicate: false });
    expect(await confirmLetter(prisma(), PRINT, printed.id, { outcome: 'printed' })).toMatchObject({ ok: true, duplicate: true });
    expect(await authenticate({ identifier: w.member.loginName, password: printed.code }, undefined)).not.toBeNull();
    expect(await confirmLetter(prisma(), PRINT, '00000000-0000-4000-8000-000000000000', { outcome: 'printed' })).toEqual({ ok: false, reason: 'not-found' });
  });

  it("a late failure report on an older letter neither voids nor replaces the code of a newer one the member may hold", async () => {
    const w = await world();
    await request(w.admin, w.member.loginName);
    const older = await fetchLetterFor(w.member.loginName);
    // The older letter's answer was lost; the administrator asks again, and the newer letter goes out.
    await request(w.admin, w.member.loginName);
    const newer = await fetchLetterFor(w.member.loginName);
    expect(await confirmLetter(prisma(), PRINT, older.id, { outcome: 'failed', reason: 'not-received' })).toMatchObject({ ok: true, state: 'FAILED', repeatedBy: null });
    expect(await prisma().passwordLetter.count({ where: { accountId: w.member.id, state: 'REQUESTED' } })).toBe(0);
    expect(await authenticate({ identifier: w.member.loginName, password: newer.code }, undefined)).not.toBeNull();
  });

  it('a letter that cannot be rendered is set aside as failed, with the member\'s password untouched, and the next one is handed over', async () => {
    const w = await world();
    const second = await createAccount(prisma(), { kind: 'MEMBER', loginName: randomInsuranceNumber(), displayName: 'Zweite', password: TEST_PASSWORD });
    await request(w.admin, w.member.loginName);
    await request(w.admin, second.loginName);
    // Letters of other tests may wait ahead of these: the renderer refuses this member's letter only.
    let claimed: Awaited<ReturnType<typeof claimNextLetter<string>>> = null;
    do {
      claimed = await claimNextLetter(prisma(), PRINT, (letter) =>
        letter.recipient.number === w.member.loginName ? Promise.reject(new Error('the password letter does not fit on one page')) : Promise.resolve(letter.code),
      );
    } while (claimed && claimed.letter.recipient.number !== second.loginName);
    expect(claimed?.letter.recipient.number).toBe(second.loginName);
    const [failed] = await prisma().passwordLetter.findMany({ where: { accountId: w.member.id }, select: { state: true, failureReason: true, handedAt: true } });
    expect(failed).toEqual({ state: 'FAILED', failureReason: 'render-failed', handedAt: null });
    expect(await authenticate({ identifier: w.member.loginName, password: TEST_PASSWORD }, undefined)).not.toBeNull();
    expect((await entriesAbout(prisma(), w.member.id)).map((e) => e.event_type)).toContain('print.letter_failed');
  });

  it('a renderer that renders no letter at all (a broken deployment) fails the fetch and sets nothing aside', async () => {
    const w = await world();
    await request(w.admin, w.member.loginName);
    await expect(claimNextLetter(prisma(), PRINT, async () => Promise.reject(new Error('font not found')))).rejects.toThrow('font not found');
    expect(await prisma().passwordLetter.count({ where: { accountId: w.member.id, state: 'REQUESTED' } })).toBe(1);
    expect(await prisma().passwordLetter.count({ where: { state: 'FAILED', failureReason: 'render-failed', accountId: w.member.id } })).toBe(0);
    expect(await authenticate({ identifier: w.member.loginName, password: TEST_PASSWORD }, undefined)).not.toBeNull();
  });

  it("a deactivated member's waiting letter is never handed over: the poll answers that nothing is waiting", async () => {
    const w = await world();
    await request(w.admin, w.member.loginName);
    await prisma().account.update({ where: { id: w.member.id }, data: { deactivatedAt: new Date() } });
    // Other tests' letters may wait: drain them, then the deactivated member's letter alone remains.
    while (await fetchLetter()) {
      // drained
    }
    expect(await prisma().passwordLetter.count({ where: { accountId: w.member.id, state: 'REQUESTED' } })).toBe(1);
    let rendered = 0;
    expect(await claimNextLetter(prisma(), PRINT, () => Promise.resolve(rendered++))).toBeNull();
    expect(rendered).toBe(0);
  });

  it('sessions opened within the hour after the code was replaced carry who requested the letter', async () => {
    const w = await world();
    await request(w.ownAdvisor, w.member.loginName);
    const letter = await fetchLetterFor(w.member.loginName);
    const first = await authenticate({ identifier: w.member.loginName, password: letter.code }, undefined);
    const actor = await actorForSession(first!.sessionId);
    expect(await changePassword({ ...actor!, ipPseudonym: undefined }, { currentPassword: letter.code, newPassword: 'Eigenes-Passwort-2026!', confirmPassword: 'Eigenes-Passwort-2026!' })).toEqual({ ok: true });
    const next = await authenticate({ identifier: w.member.loginName, password: 'Eigenes-Passwort-2026!' }, undefined);
    expect((await actorForSession(next!.sessionId))?.afterPasswordLetter).toBe('ADVISOR');
    const [row] = await listLetters(prisma(), actorFor(w.admin));
    expect(row).toMatchObject({ code: 'password-set' });
    // An hour later, a new session is unmarked.
    await prisma().passwordLetter.updateMany({ where: { accountId: w.member.id }, data: { passwordSetAt: new Date(Date.now() - 61 * 60_000) } });
    const later = await authenticate({ identifier: w.member.loginName, password: 'Eigenes-Passwort-2026!' }, undefined);
    expect((await actorForSession(later!.sessionId))?.afterPasswordLetter).toBeNull();
  });
});
