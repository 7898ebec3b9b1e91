import { randomInt } from 'node:crypto';
import { expect, it } from 'vitest';
import de from '@/messages/de.json';
import { createAccount, createConsultation } from '@/prisma/seed/factories';
import { passwordLetterPdf } from '@/server/admin/password-letter-pdf';
import { INITIAL_PASSWORD_VALID_DAYS } from '@/server/admin/password-letter-policy';
import { resetPasswordByLetter } from '@/server/admin/reset-password-by-letter';
import { authenticate } from '@/server/auth/authenticate';
import { actorForSession } from '@/server/auth/session-lookup';
import { organisation } from '@/server/legal/organisation';
import { describeEachDatabase, useTestDatabase } from '@/tests/database';
import { entriesAbout } from '@/tests/entries-about';
import { codeInLetter, pdfText } from '@/tests/pdf-text';
import { TEST_PASSWORD, actorFor, createServices, randomInsuranceNumber } from '@/tests/scenario';

const texts = Object.fromEntries(Object.entries(de.passwordLetter).map(([k, v]) => [k, v.replace(/\{(\w+)\}/g, 'X')])) as Record<string, string>;
const letterTexts = { ...(texts as never as Record<string, string>), numberLabel: texts.insuranceNumberLabel!, steps: [texts.step1!, texts.step2!, texts.step3!] } as never;

describeEachDatabase('password reset by letter', (kind) => {
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
    return { member, admin, ownAdvisor, otherAdvisor, compliance };
  }

  it('replaces the password at once, ends every session, and the code must be changed at sign-in', async () => {
    const w = await world();
    const session = await authenticate({ identifier: w.member.loginName, password: TEST_PASSWORD }, undefined);
    const result = await resetPasswordByLetter(prisma(), actorFor(w.admin), w.member.loginName.toLowerCase());
    if (!result.ok) throw new Error('not reset');
    expect(result.letter.code).toMatch(/^([A-Za-z2-9]{4}-){3}[A-Za-z2-9]{4}$/);
    expect(await actorForSession(session!.sessionId)).toBeNull();
    expect(await authenticate({ identifier: w.member.loginName, password: TEST_PASSWORD }, undefined)).toBeNull();
    const fresh = await authenticate({ identifier: w.member.loginName, password: result.letter.code }, undefined);
    expect((await actorForSession(fresh!.sessionId))?.mustChangePassword).toBe(true);
    const stored = await prisma().account.findUniqueOrThrow({ where: { id: w.member.id } });
    expect(stored.passwordHash).not.toContain(result.letter.code);
    expect(stored.initialPasswordExpiresAt?.getTime()).toBe(result.letter.issuedAt.getTime() + INITIAL_PASSWORD_VALID_DAYS * 86_400_000);
    const entries = await entriesAbout(prisma(), w.member.id);
    expect(entries.map((e) => [e.event_type, e.personal.actorId, e.payload.by, e.payload.sessionsEnded])).toEqual([['auth.password_letter_issued', w.admin.id, 'ADMIN', 1]]);
    expect(JSON.stringify(entries)).not.toContain(result.letter.code);
  });

  it('makes the previous letter useless when sent again', async () => {
    const w = await world();
    const first = await resetPasswordByLetter(prisma(), actorFor(w.admin), w.member.loginName);
    const second = await resetPasswordByLetter(prisma(), actorFor(w.admin), w.member.loginName);
    if (!first.ok || !second.ok) throw new Error('not reset');
    expect(second.letter.code).not.toBe(first.letter.code);
    expect(await authenticate({ identifier: w.member.loginName, password: first.letter.code }, undefined)).toBeNull();
    expect(await authenticate({ identifier: w.member.loginName, password: second.letter.code }, undefined)).not.toBeNull();
  });

  it('refuses a code past its validity like a wrong password', async () => {
    const w = await world();
    const longAgo = new Date(Date.now() - (INITIAL_PASSWORD_VALID_DAYS + 1) * 86_400_000);
    const result = await resetPasswordByLetter(prisma(), actorFor(w.admin), w.member.loginName, longAgo);
    if (!result.ok) throw new Error('not reset');
    expect(await authenticate({ identifier: w.member.loginName, password: result.letter.code }, undefined)).toBeNull();
  });

  it("lets an advisor send it only to a member of the advisor's own consultations; nobody else at all", async () => {
    const w = await world();
    for (const actor of [w.otherAdvisor, w.compliance, w.member]) {
      expect(await resetPasswordByLetter(prisma(), actorFor(actor), w.member.loginName)).toEqual({ ok: false, reason: 'not-found' });
    }
    expect(await authenticate({ identifier: w.member.loginName, password: TEST_PASSWORD }, undefined)).not.toBeNull();
    expect(await resetPasswordByLetter(prisma(), actorFor(w.admin), w.ownAdvisor.loginName)).toEqual({ ok: false, reason: 'not-found' });
    const byAdvisor = await resetPasswordByLetter(prisma(), actorFor(w.ownAdvisor), w.member.loginName);
    expect(byAdvisor.ok).toBe(true);
    // One letter a day from an advisor; the administrator may send another (e.g. for a lost letter).
    expect(await resetPasswordByLetter(prisma(), actorFor(w.ownAdvisor), w.member.loginName)).toEqual({ ok: false, reason: 'recent-letter' });
    expect((await resetPasswordByLetter(prisma(), actorFor(w.ownAdvisor), w.member.loginName, new Date(Date.now() + 25 * 3_600_000))).ok).toBe(true);
    expect((await entriesAbout(prisma(), w.member.id)).map((e) => e.payload.by)).toEqual(['ADVISOR', 'ADVISOR']);
    expect((await resetPasswordByLetter(prisma(), actorFor(w.admin), w.member.loginName)).ok).toBe(true);
  });

  it('prints the code, name and number into a one-page PDF whose text can be read back', async () => {
    const w = await world();
    const result = await resetPasswordByLetter(prisma(), actorFor(w.admin), w.member.loginName);
    if (!result.ok) throw new Error('not reset');
    const pdf = passwordLetterPdf(result.letter, organisation(), letterTexts, { issued: '26. November 2026', validUntil: '10. Dezember 2026' });
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    expect(pdf.subarray(-6).toString('latin1')).toBe('%%EOF\n');
    const lines = pdfText(pdf);
    expect(codeInLetter(pdf)).toBe(result.letter.code);
    expect(lines).toContain(result.letter.displayName);
    expect(lines).toContain(w.member.loginName);
    // WinAnsi: umlauts are single bytes, not UTF-8 pairs.
    expect(pdf.includes(Buffer.from('Jürgen Größ', 'latin1'))).toBe(true);
    // The cross-reference offsets point at the objects.
    const startxref = Number(/startxref\n(\d+)/.exec(pdf.toString('latin1'))![1]);
    expect(pdf.subarray(startxref, startxref + 4).toString('latin1')).toBe('xref');
  });
});
