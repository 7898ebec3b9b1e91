import { randomInt } from 'node:crypto';
import { expect, it } from 'vitest';
import { createAccount } from '@/prisma/seed/factories';
import type { TAdminActor } from '@/server/auth/admin-actor';
import { appendLogEntry, loggedTransaction } from '@/server/audit-log/append-log-entry';
import { integrateQueuedEntries } from '@/server/audit-log/integrate-entries';
import { withdrawConsent } from '@/server/consent/withdraw-consent';
import { requestPasswordLetter } from '@/server/letters/request-letter';
import { ZMemberDataExport } from '@/server/member-data/export-format';
import { type TExportChannel, exportMemberData } from '@/server/member-data/export-member-data';
import type { TActor } from '@/server/auth/current-actor';
import { READ_TO_CONFIRM } from '@/server/request/read-arrival';
import { describeEachDatabase, useTestDatabase } from '@/tests/database';
import { TEST_PASSWORD, actorFor, createScenario, giveConsent } from '@/tests/scenario';

/** The export as the member's own page asks for it. */
async function exportOwn(actor: TActor, channel: TExportChannel = 'json') {
  const data = await exportMemberData(actor, channel, 'own-page');
  if (!data || 'confirmRead' in data) throw new Error(`no export for ${actor.kind}`);
  return data;
}

describeEachDatabase("a member's data export", (kind) => {
  const database = useTestDatabase(kind);

  it('holds the account, consultations, every decision with the sentences agreed to, withdrawals, log entries and retention', async () => {
    const prisma = database().prisma;
    const s = await createScenario(prisma);
    const actor = { ...actorFor(s.member), ipPseudonym: 'net:member-own' };
    await giveConsent(prisma, s, { recording: true });
    await integrateQueuedEntries(prisma);
    await withdrawConsent(actor, { consultationId: s.onOwn.id, scope: 'recording' });
    // Something the advisor did on the member's consultation, from a network of the advisor's.
    await loggedTransaction(prisma, (tx) =>
      appendLogEntry(tx, {
        eventType: 'call.start_allowed',
        consultationId: s.onOwn.id,
        payload: { channel: 'web' },
        personal: { actorId: s.advisor.id, ipPseudonym: 'net:advisor-secret' },
      }),
    );

    const data = await exportOwn(actor);
    expect(ZMemberDataExport.parse(data)).toEqual(data);
    expect(data).toMatchObject({
      format: 'consent-gateway/member-data',
      formatVersion: 1,
      account: { kind: 'MEMBER', loginName: s.member.loginName, displayName: 'Test Mitglied' },
      retention: { consentLogPersonalData: { years: 4 }, consultationsAndDecisions: { years: 4 }, callbackPhone: { days: 30 } },
    });
    expect(data.consultations.map((c) => c.id)).toEqual([s.onOwn.id, s.onThirdParty.id]);
    const own = data.consultations[0]!;
    expect(own).toMatchObject({
      topic: 'Rehabilitation',
      service: { name: 'Kassen-Video' },
      advisorName: 'Test Beratung',
      state: 'scheduled',
      consentStatus: 'recording-withdrawn',
    });
    const decision = await prisma.consentDecision.findFirstOrThrow({
      where: { consultationId: s.onOwn.id },
      include: { disclosureVersion: true },
    });
    expect(own.decisions).toHaveLength(1);
    expect(own.decisions[0]).toMatchObject({
      id: decision.id,
      logQueueId: decision.logQueueId.toString(),
      outcome: 'GIVEN',
      choices: { transmission: true, thirdCountryTransfer: null, recording: true },
      disclosure: {
        versionId: decision.disclosureVersionId,
        version: 1,
        language: 'de',
        contentHash: decision.disclosureHash,
        title: decision.disclosureVersion.title,
      },
      recordingWithdrawnAt: decision.recordingWithdrawnAt!.toISOString(),
      withdrawnAt: null,
      afterPasswordLetter: null,
    });
    // The exact sentences of the log entry, each marked agreed or not.
    expect(own.decisions[0]!.sentences.map((x) => [x.choice, x.agreed])).toEqual([
      ['transmission', true],
      ['recording', true],
    ]);
    expect(own.decisions[0]!.sentences[1]!.text).toBe('Ich bin damit einverstanden, dass das Gespräch aufgezeichnet wird.');
    expect(own.withdrawals).toMatchObject([
      { decisionId: decision.id, scope: 'recording', at: decision.recordingWithdrawnAt!.toISOString() },
    ]);

    // Log entries about the member, in the chain and still queued, this export's own entry last.
    const events = data.logEntries.map((e) => e.eventType);
    expect(events).toEqual(['consent.given', 'consent.recording_withdrawn', 'call.start_allowed', 'member.data_exported']);
    expect(data.logEntries[0]!.seq).not.toBeNull();
    // The member's own network pseudonym where they acted (Art. 15 covers pseudonymised data); the
    // advisor's action shows without the advisor's pseudonym or id.
    expect(data.logEntries.find((e) => e.eventType === 'consent.given')!.yourAction).toMatchObject({
      servedTokenDigest: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown,
    });
    expect(data.logEntries.find((e) => e.eventType === 'consent.recording_withdrawn')!.yourAction).toEqual({
      networkPseudonym: 'net:member-own',
      servedTokenDigest: null,
    });
    expect(data.logEntries.find((e) => e.eventType === 'call.start_allowed')!.yourAction).toBeNull();
    const text = JSON.stringify(data);
    for (const secret of [s.advisor.id, 'net:advisor-secret', s.member.id, 'ipPseudonym', 'actorId']) expect(text).not.toContain(secret);
  });

  it('names on each decision whether it was made right after a password letter, and who had requested it', async () => {
    const prisma = database().prisma;
    const s = await createScenario(prisma);
    await giveConsent(prisma, s, { recording: false }, { afterPasswordLetter: 'OPERATOR' });
    await giveConsent(prisma, s, { recording: true });
    const data = await exportOwn(actorFor(s.member));
    expect(ZMemberDataExport.parse(data)).toEqual(data);
    const own = data.consultations.find((c) => c.id === s.onOwn.id)!;
    expect(own.decisions.map((d) => [d.choices.recording, d.afterPasswordLetter])).toEqual([
      [false, 'OPERATOR'],
      [true, null],
    ]);
  });

  it("lists the member's password letters with their states and dates, naming who asked only by role; never another member's", async () => {
    const prisma = database().prisma;
    const s = await createScenario(prisma);
    const other = await createScenario(prisma, s.services);
    const tag = randomInt(1e9).toString(36);
    const admin = await createAccount(prisma, {
      kind: 'ADMIN',
      loginName: `admin.${tag}`,
      displayName: `Adminname ${tag}`,
      password: TEST_PASSWORD,
    });
    const print = await prisma.printCredential.create({
      data: { label: `Druckstraße ${tag}`, tokenHash: `test-${tag}` },
      select: { id: true, label: true },
    });
    const ask = (actor: TAdminActor, member: string, language: 'de' | 'en', at: Date) =>
      requestPasswordLetter(prisma, actor, { member, language, confirm: 'yes' }, at);

    // The advisor's letter went through print, and the member used its code and set a password of their own.
    const t = (minutes: number) => new Date(Date.UTC(2026, 10, 2, 9, 0) + minutes * 60_000);
    const printed = await ask(s.advisor, s.member.loginName, 'de', t(0));
    if (!printed.ok) throw new Error(printed.reason);
    await prisma.passwordLetter.update({
      where: { id: printed.letterId },
      data: {
        state: 'PRINTED',
        handedAt: t(10),
        printCredentialId: print.id,
        codeExpiresAt: t(10 + 14 * 24 * 60),
        confirmedAt: t(20),
        codeUsedAt: t(3000),
        passwordSetAt: t(3001),
      },
    });
    // Then the administration asked for another one, which waits for the print system.
    expect(await ask(admin, s.member.loginName, 'en', t(6000))).toMatchObject({ ok: true, alreadyRequested: false });
    // Another member's letter, at a time of its own that must not appear.
    expect(await ask(other.advisor, other.member.loginName, 'de', new Date('2026-10-05T07:06:05.432Z'))).toMatchObject({ ok: true });

    const data = await exportOwn(actorFor(s.member));
    expect(ZMemberDataExport.parse(data)).toEqual(data);
    expect(data.passwordLetters).toEqual([
      {
        requestedAt: '2026-11-02T09:00:00.000Z',
        requestedBy: 'ADVISOR',
        language: 'de',
        state: 'printed',
        attempt: 1,
        handedToPrintAt: '2026-11-02T09:10:00.000Z',
        codeValidUntil: '2026-11-16T09:10:00.000Z',
        printedOrFailedAt: '2026-11-02T09:20:00.000Z',
        failureReason: null,
        codeUsedAt: '2026-11-04T11:00:00.000Z',
        ownPasswordSetAt: '2026-11-04T11:01:00.000Z',
      },
      {
        requestedAt: '2026-11-06T13:00:00.000Z',
        requestedBy: 'ADMIN',
        language: 'en',
        state: 'requested',
        attempt: 1,
        handedToPrintAt: null,
        codeValidUntil: null,
        printedOrFailedAt: null,
        failureReason: null,
        codeUsedAt: null,
        ownPasswordSetAt: null,
      },
    ]);
    expect(data.retention.passwordLetters).toEqual({ days: 90, counted: 'after-the-last-event' });

    // Staff appear as a role only. The advisor's name is in the export once per consultation with them
    // (0031: the member sees who advises them), and nowhere else.
    const text = JSON.stringify(data);
    const letters = await prisma.passwordLetter.findMany({
      where: { accountId: { in: [s.member.id, other.member.id] } },
      select: { id: true },
    });
    for (const secret of [
      s.advisor.id,
      s.advisor.loginName,
      admin.id,
      admin.loginName,
      admin.displayName,
      print.id,
      print.label,
      other.advisor.id,
      other.member.loginName,
      '2026-10-05T07:06:05.432Z',
      ...letters.map((l) => l.id),
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text.split(s.advisor.displayName).length - 1).toBe(
      data.consultations.filter((c) => c.advisorName === s.advisor.displayName).length,
    );
    expect(JSON.stringify(data.passwordLetters)).not.toContain(s.advisor.displayName);

    // The other member sees their own letter only.
    const theirs = await exportOwn(actorFor(other.member));
    expect(theirs.passwordLetters.map((l) => [l.requestedAt, l.requestedBy, l.state])).toEqual([
      ['2026-10-05T07:06:05.432Z', 'ADVISOR', 'requested'],
    ]);
  });

  it('logs the export as an entry of its own, with the member only in its erasable personal part', async () => {
    const prisma = database().prisma;
    const s = await createScenario(prisma);
    await exportOwn(actorFor(s.member), 'summary');
    await integrateQueuedEntries(prisma);
    const entries = await prisma.logEntry.findMany({ where: { eventType: 'member.data_exported' }, orderBy: { seq: 'desc' }, take: 1 });
    expect(entries[0]!.payload).toEqual({ format: 'summary', formatVersion: 1, channel: 'web' });
    expect(JSON.stringify({ ...entries[0], seq: null, queueId: null })).not.toContain(s.member.id);
    const personal = await prisma.logEntryPersonal.findUniqueOrThrow({ where: { queueId: entries[0]!.queueId } });
    expect(personal.data).toMatchObject({ actorId: s.member.id });
  });

  it("never holds another member's consultations, decisions or log entries; staff get nothing", async () => {
    const prisma = database().prisma;
    const s = await createScenario(prisma);
    const other = await createScenario(prisma, s.services);
    await giveConsent(prisma, other, { recording: true });
    await withdrawConsent(actorFor(other.member), { consultationId: other.onOwn.id, scope: 'all' });
    await exportOwn(actorFor(other.member));

    const data = await exportOwn(actorFor(s.member));
    expect(data.consultations.map((c) => c.id).sort()).toEqual([s.onOwn.id, s.onThirdParty.id].sort());
    expect(data.consultations.flatMap((c) => [...c.decisions, ...c.withdrawals])).toEqual([]);
    expect(data.logEntries.map((e) => e.eventType)).toEqual(['member.data_exported']);
    const text = JSON.stringify(data);
    for (const id of [other.member.id, other.onOwn.id, other.onThirdParty.id, other.member.loginName]) expect(text).not.toContain(id);
    for (const arrival of ['own-page', 'elsewhere'] as const)
      expect(await exportMemberData(actorFor(s.advisor), 'json', arrival)).toBeNull();
  });

  it('asked for from elsewhere than its own page, reads and logs nothing until the member confirms', async () => {
    const prisma = database().prisma;
    const s = await createScenario(prisma);
    const queued = () => prisma.logQueueEntry.count({ where: { eventType: 'member.data_exported' } });
    const before = await queued();
    expect(await exportMemberData(actorFor(s.member), 'summary', 'elsewhere')).toBe(READ_TO_CONFIRM);
    expect(await queued()).toBe(before);
    await exportOwn(actorFor(s.member), 'summary');
    expect(await queued()).toBe(before + 1);
  });
});
