import { expect, it } from 'vitest';
import { publishDisclosure } from '@/prisma/seed/factories';
import { integrateQueuedEntries } from '@/server/audit-log/integrate-entries';
import { verifyChain } from '@/server/transparency/verify-chain';
import { authorizeJoin } from '@/server/consent/authorize-join';
import { type TRecordDecisionInput, recordDecision } from '@/server/consent/record-decision';
import { termsDigest } from '@/server/consent-rules/consent-terms';
import { issueServedToken } from '@/server/consent/served-token';
import { withdrawConsent } from '@/server/consent/withdraw-consent';
import { getAdvisorConsultation } from '@/server/call/advisor-consultation';
import { getMemberConsultation } from '@/server/consultation/member-consultation';
import { currentDisclosure } from '@/server/disclosure/current-disclosure';
import { describeEachDatabase, useTestDatabase } from '@/tests/database';
import { actorFor, createScenario } from '@/tests/scenario';

describeEachDatabase('consent flow in the data layer', (kind) => {
  const database = useTestDatabase(kind);

  /** What the consent page hands out when it renders. */
  async function servedPage(
    scenario: Awaited<ReturnType<typeof createScenario>>,
    consultationId: string,
    serviceId: string,
    language = 'de',
  ) {
    const disclosure = (await currentDisclosure(database().prisma, serviceId, language))!;
    const service = await database().prisma.videoService.findUniqueOrThrow({ where: { id: serviceId } });
    return issueServedToken({
      d: disclosure.id,
      h: disclosure.contentHash,
      l: language,
      m: scenario.member.id,
      c: consultationId,
      s: termsDigest(language, service, scenario.member.kind),
    });
  }

  // Entries wait in the queue until integrated; these tests read them there, in the order recorded.
  const logFor = (consultationId: string) =>
    database().prisma.logQueueEntry.findMany({
      where: { consultationId },
      orderBy: { id: 'asc' },
      select: { eventType: true, payload: true },
    });

  it('records a consent once, however often the same page is submitted', async () => {
    const s = await createScenario(database().prisma);
    const actor = actorFor(s.member);
    const input: TRecordDecisionInput = {
      consultationId: s.onThirdParty.id,
      servedToken: await servedPage(s, s.onThirdParty.id, s.services.thirdParty.id),
      intent: 'consent',
      transmission: 'yes',
      thirdCountryTransfer: 'yes',
    };
    const results = await Promise.all([recordDecision(actor, input), recordDecision(actor, input), recordDecision(actor, input)]);
    expect(new Set(results.map((r) => (r.kind === 'recorded' ? r.decisionId : r.kind))).size).toBe(1);
    expect(await database().prisma.consentDecision.count({ where: { consultationId: s.onThirdParty.id } })).toBe(1);
    const log = await logFor(s.onThirdParty.id);
    expect(log.map((e) => e.eventType)).toEqual(['consent.given']);
    expect(log[0]!.payload).toMatchObject({ choices: { transmission: true, thirdCountryTransfer: true, recording: false } });

    const consultation = await getMemberConsultation(database().prisma, actor, s.onThirdParty.id, 'de');
    expect(consultation?.evaluation).toMatchObject({ status: 'given', call: { allowed: true }, recording: { allowed: false } });
  });

  it('refuses a consent without the transfer box on a third-country service, writing nothing', async () => {
    const s = await createScenario(database().prisma);
    const result = await recordDecision(actorFor(s.member), {
      consultationId: s.onThirdParty.id,
      servedToken: await servedPage(s, s.onThirdParty.id, s.services.thirdParty.id),
      intent: 'consent',
      transmission: 'yes',
    });
    expect(result).toEqual({ kind: 'invalid', fields: ['thirdCountryTransfer'] });
    expect(await logFor(s.onThirdParty.id)).toEqual([]);
  });

  it("rejects a forged token, another member's page and another member's consultation", async () => {
    const s = await createScenario(database().prisma);
    const other = await createScenario(database().prisma, s.services);
    const token = await servedPage(s, s.onOwn.id, s.services.own.id);
    const base = { consultationId: s.onOwn.id, intent: 'consent', transmission: 'yes' } as const;
    const tampered = `${token.split('.')[0]!}x.${token.split('.')[1]!}`;
    expect(await recordDecision(actorFor(s.member), { ...base, servedToken: tampered })).toEqual({ kind: 'bad-token' });
    expect(await recordDecision(actorFor(other.member), { ...base, servedToken: token })).toEqual({ kind: 'bad-token' });
    const otherToken = await servedPage(other, other.onOwn.id, other.services.own.id);
    expect(await recordDecision(actorFor(s.member), { ...base, consultationId: other.onOwn.id, servedToken: otherToken })).toEqual({
      kind: 'bad-token',
    });
    expect(await database().prisma.consentDecision.count({ where: { consultationId: { in: [s.onOwn.id, other.onOwn.id] } } })).toBe(0);
  });

  it('answers "the text has changed" when a newer version was published while the member read', async () => {
    const s = await createScenario(database().prisma);
    const token = await servedPage(s, s.onOwn.id, s.services.own.id);
    await publishDisclosure(database().prisma, {
      videoServiceId: s.services.own.id,
      language: 'de',
      title: 'Neue Fassung',
      body: 'Neuer Text.',
    });
    const result = await recordDecision(actorFor(s.member), {
      consultationId: s.onOwn.id,
      servedToken: token,
      intent: 'consent',
      transmission: 'yes',
    });
    expect(result).toEqual({ kind: 'disclosure-changed' });
    expect(await logFor(s.onOwn.id)).toEqual([]);
  });

  it('answers a page submitted again with its saved decision, even after a newer text was published', async () => {
    const s = await createScenario(database().prisma);
    const input = {
      consultationId: s.onOwn.id,
      servedToken: await servedPage(s, s.onOwn.id, s.services.own.id),
      intent: 'consent',
      transmission: 'yes',
    } as const;
    const first = await recordDecision(actorFor(s.member), input);
    await publishDisclosure(database().prisma, {
      videoServiceId: s.services.own.id,
      language: 'de',
      title: 'Neue Fassung',
      body: 'Noch ein Text.',
    });
    expect(first).toMatchObject({ kind: 'recorded', duplicate: false });
    expect(await recordDecision(actorFor(s.member), input)).toEqual({ ...first, duplicate: true });
    const decision = await database().prisma.consentDecision.findFirstOrThrow({ where: { consultationId: s.onOwn.id } });
    const [entry] = await database().prisma.logQueueEntry.findMany({ where: { consultationId: s.onOwn.id } });
    expect(decision.decidedAt, 'decided when its log entry was recorded').toEqual(entry!.recordedAt);
  });

  it('declines video only with a callback number, keeps it off the log, and drops it when the member consents later', async () => {
    const s = await createScenario(database().prisma);
    const actor = actorFor(s.member);
    const refuse = { consultationId: s.onOwn.id, intent: 'refuse' } as const;
    expect(await recordDecision(actor, { ...refuse, servedToken: await servedPage(s, s.onOwn.id, s.services.own.id) })).toEqual({
      kind: 'invalid',
      fields: ['phone'],
    });
    expect(
      await recordDecision(actor, { ...refuse, servedToken: await servedPage(s, s.onOwn.id, s.services.own.id), phone: 'ruf mich an' }),
    ).toEqual({ kind: 'invalid', fields: ['phone'] });
    expect(
      await recordDecision(actor, {
        ...refuse,
        servedToken: await servedPage(s, s.onOwn.id, s.services.own.id),
        phone: '+49 30 123 45 67',
      }),
    ).toMatchObject({ kind: 'recorded', outcome: 'REFUSED' });
    expect((await database().prisma.consultation.findUniqueOrThrow({ where: { id: s.onOwn.id } })).callbackPhone).toBe('+49301234567');
    const logged = await logFor(s.onOwn.id);
    expect(JSON.stringify(logged)).not.toContain('1234567');
    expect(logged[0]!.payload).toMatchObject({ alternative: 'phone', callbackNumberConfirmed: true });

    await recordDecision(actor, {
      consultationId: s.onOwn.id,
      servedToken: await servedPage(s, s.onOwn.id, s.services.own.id),
      intent: 'consent',
      transmission: 'yes',
    });
    expect((await database().prisma.consultation.findUniqueOrThrow({ where: { id: s.onOwn.id } })).callbackPhone).toBeNull();
  });

  it('withdraws recording, then everything, each once, and join follows the consent at that moment', async () => {
    const s = await createScenario(database().prisma);
    const actor = actorFor(s.member);
    const servedToken = await servedPage(s, s.onOwn.id, s.services.own.id);
    await recordDecision(actor, { consultationId: s.onOwn.id, servedToken, intent: 'consent', transmission: 'yes', recording: 'yes' });
    expect((await getMemberConsultation(database().prisma, actor, s.onOwn.id, 'de'))?.evaluation.recording).toEqual({ allowed: true });

    expect(await authorizeJoin(actor, s.onOwn.id)).toEqual({ allowed: true, url: `https://video.kasse.example/${s.onOwn.room}` });
    expect(await withdrawConsent(actor, { consultationId: s.onOwn.id, scope: 'recording' })).toEqual({ kind: 'withdrawn' });
    expect(await withdrawConsent(actor, { consultationId: s.onOwn.id, scope: 'recording' })).toEqual({ kind: 'nothing-to-withdraw' });
    expect((await getMemberConsultation(database().prisma, actor, s.onOwn.id, 'de'))?.evaluation).toMatchObject({
      status: 'recording-withdrawn',
      call: { allowed: true },
      recording: { allowed: false, reason: 'recording-withdrawn' },
    });
    expect(await withdrawConsent(actor, { consultationId: s.onOwn.id, scope: 'all' })).toEqual({ kind: 'withdrawn' });
    expect(await authorizeJoin(actor, s.onOwn.id)).toEqual({ allowed: false, reason: 'withdrawn', consultationId: s.onOwn.id });

    const log = await logFor(s.onOwn.id);
    expect(log.map((e) => e.eventType)).toEqual([
      'consent.given',
      'call.join_allowed',
      'consent.recording_withdrawn',
      'consent.withdrawn',
      'call.join_denied',
    ]);
    await integrateQueuedEntries(database().prisma);
    expect((await verifyChain(database())).ok).toBe(true);
  });

  it("denies and logs a join without consent and a join to another member's consultation", async () => {
    const s = await createScenario(database().prisma);
    const other = await createScenario(database().prisma, s.services);
    const before = await database().prisma.logQueueEntry.count();
    expect(await authorizeJoin(actorFor(s.member), s.onThirdParty.id)).toEqual({
      allowed: false,
      reason: 'no-consent',
      consultationId: s.onThirdParty.id,
    });
    expect(await authorizeJoin(actorFor(s.member), other.onOwn.id)).toEqual({ allowed: false, reason: 'not-found', consultationId: null });
    expect(await authorizeJoin(actorFor(s.member), 'not-a-uuid')).toMatchObject({ allowed: false, reason: 'not-found' });
    // The second attempt at no call of the member's in this window is counted into a summary, not logged alone (0051).
    expect(await database().prisma.logQueueEntry.count()).toBeLessThanOrEqual(before + 3);
    // (Summed over windows: the attempts may straddle two.)
    const tally = await database().prisma.deniedAttemptTally.groupBy({
      by: ['subject'],
      where: { actorId: s.member.id },
      _sum: { further: true },
      _count: { _all: true },
      orderBy: { subject: 'asc' },
    });
    expect(tally.map((t) => [t.subject, t._count._all + t._sum.further!])).toEqual([
      ['', 2],
      [s.onThirdParty.id, 1],
    ]);
    expect(await logFor(other.onOwn.id)).toEqual([]);
  });

  it('keeps a consent when the consultation is rescheduled, and asks again when its video service changes', async () => {
    const s = await createScenario(database().prisma);
    const actor = actorFor(s.member);
    const servedToken = await servedPage(s, s.onOwn.id, s.services.own.id);
    await recordDecision(actor, { consultationId: s.onOwn.id, servedToken, intent: 'consent', transmission: 'yes' });
    await database().prisma.consultation.update({
      where: { id: s.onOwn.id },
      data: { startsAt: new Date(Date.now() + 48 * 60 * 60 * 1000) },
    });
    expect((await getMemberConsultation(database().prisma, actor, s.onOwn.id, 'de'))?.evaluation.status).toBe('given');
    await database().prisma.consultation.update({ where: { id: s.onOwn.id }, data: { videoServiceId: s.services.thirdParty.id } });
    expect((await getMemberConsultation(database().prisma, actor, s.onOwn.id, 'de'))?.evaluation).toMatchObject({
      status: 'service-changed',
      call: { allowed: false, reason: 'service-changed' },
    });
    expect(await authorizeJoin(actor, s.onOwn.id)).toMatchObject({ allowed: false, reason: 'service-changed' });
  });

  it('takes a new decision in another language after a refusal', async () => {
    const s = await createScenario(database().prisma);
    const actor = actorFor(s.member);
    const german = await servedPage(s, s.onOwn.id, s.services.own.id, 'de');
    expect(
      await recordDecision(actor, { consultationId: s.onOwn.id, servedToken: german, intent: 'refuse', phone: '030 1234567' }),
    ).toMatchObject({ kind: 'recorded', outcome: 'REFUSED' });
    const english = await servedPage(s, s.onOwn.id, s.services.own.id, 'en');
    expect(
      await recordDecision(actor, { consultationId: s.onOwn.id, servedToken: english, intent: 'consent', transmission: 'yes' }),
    ).toMatchObject({
      kind: 'recorded',
      outcome: 'GIVEN',
    });
    const consultation = await getMemberConsultation(database().prisma, actor, s.onOwn.id, 'de');
    expect(consultation?.decision?.language).toBe('en');
    expect(consultation?.evaluation.status).toBe('given');
  });

  it('refuses a different decision sent from a page that was already used', async () => {
    const s = await createScenario(database().prisma);
    const actor = actorFor(s.member);
    const servedToken = await servedPage(s, s.onOwn.id, s.services.own.id);
    await recordDecision(actor, { consultationId: s.onOwn.id, servedToken, intent: 'consent', transmission: 'yes', recording: 'yes' });
    expect(await recordDecision(actor, { consultationId: s.onOwn.id, servedToken, intent: 'refuse' })).toEqual({ kind: 'page-used' });
    expect(await recordDecision(actor, { consultationId: s.onOwn.id, servedToken, intent: 'consent', transmission: 'yes' })).toEqual({
      kind: 'page-used',
    });
    expect((await getMemberConsultation(database().prisma, actor, s.onOwn.id, 'de'))?.evaluation.status).toBe('given-with-recording');
    expect(await logFor(s.onOwn.id)).toHaveLength(1);
  });

  it('logs the sentences and service facts agreed to, and asks again when a fact changes', async () => {
    const s = await createScenario(database().prisma);
    const actor = actorFor(s.member);
    const servedToken = await servedPage(s, s.onThirdParty.id, s.services.thirdParty.id);
    await recordDecision(actor, {
      consultationId: s.onThirdParty.id,
      servedToken,
      intent: 'consent',
      transmission: 'yes',
      thirdCountryTransfer: 'yes',
    });
    const [entry] = await logFor(s.onThirdParty.id);
    expect(entry?.payload).toMatchObject({
      terms: {
        facts: { name: 'Vidario', processingRegion: 'THIRD_COUNTRY', thirdCountries: ['US'], endToEndEncrypted: false },
        statements: { thirdCountryTransfer: expect.stringContaining('Vereinigte Staaten') as unknown },
      },
    });

    await database().prisma.videoService.update({ where: { id: s.services.thirdParty.id }, data: { thirdCountries: ['US', 'IN'] } });
    expect((await getMemberConsultation(database().prisma, actor, s.onThirdParty.id, 'de'))?.evaluation).toMatchObject({
      status: 'service-changed',
      call: { allowed: false },
    });
    const other = await createScenario(database().prisma, s.services);
    const token = await servedPage(other, other.onThirdParty.id, s.services.thirdParty.id);
    await database().prisma.videoService.update({ where: { id: s.services.thirdParty.id }, data: { endToEndEncrypted: true } });
    expect(
      await recordDecision(actorFor(other.member), {
        consultationId: other.onThirdParty.id,
        servedToken: token,
        intent: 'consent',
        transmission: 'yes',
        thirdCountryTransfer: 'yes',
      }),
    ).toEqual({ kind: 'disclosure-changed' });
  });

  it('marks a decision made right after a password letter, in its row and its log entry, and nothing else', async () => {
    const { prisma } = database();
    const s = await createScenario(prisma);
    const marked = { ...actorFor(s.member), afterPasswordLetter: 'ADVISOR' as const };
    const given = await recordDecision(marked, {
      consultationId: s.onThirdParty.id,
      servedToken: await servedPage(s, s.onThirdParty.id, s.services.thirdParty.id),
      intent: 'consent',
      transmission: 'yes',
      thirdCountryTransfer: 'yes',
    });
    // A refusal is marked too: its callback number is where the phone consultation goes.
    const refused = await recordDecision(
      { ...actorFor(s.member), afterPasswordLetter: 'ADMIN' },
      {
        consultationId: s.onOwn.id,
        servedToken: await servedPage(s, s.onOwn.id, s.services.own.id),
        intent: 'refuse',
        phone: '030 1234567',
      },
    );
    const plain = await recordDecision(actorFor(s.member), {
      consultationId: s.onOwn.id,
      servedToken: await servedPage(s, s.onOwn.id, s.services.own.id),
      intent: 'consent',
      transmission: 'yes',
    });
    if (given.kind !== 'recorded' || refused.kind !== 'recorded' || plain.kind !== 'recorded') throw new Error('not recorded');

    const rows = await prisma.$queryRaw<{ id: string; mark: string | null }[]>`
      SELECT id::text, after_password_letter::text AS mark FROM consent_decision WHERE member_id = ${s.member.id}::uuid`;
    expect(new Map(rows.map((r) => [r.id, r.mark]))).toEqual(
      new Map([
        [given.decisionId, 'ADVISOR'],
        [refused.decisionId, 'ADMIN'],
        [plain.decisionId, null],
      ]),
    );
    const payloadOf = async (decisionId: string) =>
      (
        await prisma.logQueueEntry.findFirstOrThrow({
          where: { payload: { path: ['decisionId'], equals: decisionId } },
          select: { payload: true },
        })
      ).payload;
    expect(await payloadOf(given.decisionId)).toMatchObject({ decisionId: given.decisionId, afterPasswordLetter: 'ADVISOR' });
    expect(await payloadOf(refused.decisionId)).toMatchObject({ afterPasswordLetter: 'ADMIN' });
    // Unmarked entries keep the shape every entry had before.
    expect(await payloadOf(plain.decisionId)).not.toHaveProperty('afterPasswordLetter');

    // The advisor's page is told; a withdrawal from the marked session carries no mark.
    expect((await getAdvisorConsultation(prisma, actorFor(s.advisor), s.onThirdParty.id))?.decision).toMatchObject({
      id: given.decisionId,
      afterPasswordLetter: 'ADVISOR',
    });
    expect((await getAdvisorConsultation(prisma, actorFor(s.advisor), s.onOwn.id))?.decision).toMatchObject({
      id: plain.decisionId,
      afterPasswordLetter: null,
    });
    expect(await withdrawConsent(marked, { consultationId: s.onThirdParty.id, scope: 'all' })).toEqual({ kind: 'withdrawn' });
    const withdrawal = await prisma.logQueueEntry.findFirstOrThrow({
      where: { consultationId: s.onThirdParty.id, eventType: 'consent.withdrawn' },
      select: { payload: true },
    });
    expect(withdrawal.payload).not.toHaveProperty('afterPasswordLetter');
    // The mark is part of the decision: no one can add, change or remove it later.
    await expect(
      prisma.$executeRaw`UPDATE consent_decision SET after_password_letter = NULL WHERE id = ${given.decisionId}::uuid`,
    ).rejects.toThrow(/cannot be changed/);
    await expect(
      prisma.$executeRaw`UPDATE consent_decision SET after_password_letter = 'ADMIN' WHERE id = ${plain.decisionId}::uuid`,
    ).rejects.toThrow(/cannot be changed/);
  });

  it('lets the database refuse any change to a recorded decision but a first withdrawal', async () => {
    const s = await createScenario(database().prisma);
    const actor = actorFor(s.member);
    const servedToken = await servedPage(s, s.onOwn.id, s.services.own.id);
    const result = await recordDecision(actor, { consultationId: s.onOwn.id, servedToken, intent: 'consent', transmission: 'yes' });
    if (result.kind !== 'recorded') throw new Error(result.kind);
    const id = result.decisionId;
    await expect(database().prisma.consentDecision.update({ where: { id }, data: { recording: true } })).rejects.toThrow(
      /cannot be changed/,
    );
    await expect(database().prisma.consentDecision.update({ where: { id }, data: { recordingWithdrawnAt: new Date() } })).rejects.toThrow(
      /cannot be changed/,
    );
    await expect(database().prisma.consentDecision.delete({ where: { id } })).rejects.toThrow(/only be deleted by the retention purge/);
    await database().prisma.consentDecision.update({ where: { id }, data: { withdrawnAt: new Date() } });
    await expect(database().prisma.consentDecision.update({ where: { id }, data: { withdrawnAt: new Date(0) } })).rejects.toThrow(
      /cannot be changed/,
    );
  });
});
