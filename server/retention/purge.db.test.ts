// The retention purge end to end: two members' data written through the real paths (sign-in, a failed
// sign-in, scheduling, consent, declining with a callback number, a violation, a webhook delivery), the
// first member's before the cut-off and the second's after it; then a purge. The chain and the signed
// checkpoints must still verify, and no column of any table may hold the first member's identifiers
// (except the account row, which the purge deliberately keeps: docs/decisions/0029).
import { randomBytes, randomInt } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { verifyChain } from '@/server/transparency/verify-chain';
import { authenticate } from '@/server/auth/authenticate';
import type { TActor } from '@/server/auth/current-actor';
import { termsDigest } from '@/server/consent-rules/consent-terms';
import { recordDecision } from '@/server/consent/record-decision';
import { issueServedToken } from '@/server/consent/served-token';
import { handOverConsultation, scheduleConsultation } from '@/server/scheduling/schedule-consultation';
import { sha256Hex } from '@/server/crypto/sha256';
import { personalCommitment } from '@/server/audit-log/entry-hashing';
import { canonicalJson } from '@/server/crypto/canonical-json';
import { integrateQueuedEntries } from '@/server/audit-log/integrate-entries';
import { currentDisclosure } from '@/server/disclosure/current-disclosure';
import { createAccount, createConsultation } from '@/prisma/seed/factories';
import { createLogExport } from '@/server/compliance/export/create-export';
import { requestPasswordLetter } from '@/server/letters/request-letter';
import { purgeExpired } from '@/server/retention/purge-expired';
import { withPurgeLock } from '@/server/retention/purge-lock';
import { RECORD_TYPES, type TCutoffs, retentionCutoffs } from '@/server/retention/retention-cutoffs';
import { signCheckpoint } from '@/server/transparency/checkpoints';
import { asSuperuser, backdateWholeLog } from '@/tests/backdate';
import { describeEachDatabase, useTestDatabase } from '@/tests/database';
import { allTiles, tilesContaining } from '@/tests/log-tiles';
import { TEST_PASSWORD, actorFor, createServices, randomInsuranceNumber } from '@/tests/scenario';

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

describeEachDatabase('the retention purge', (kind) => {
  const database = useTestDatabase(kind);
  const prisma = () => database().prisma;

  type TMember = Awaited<ReturnType<typeof writeMembersData>>;
  let old: TMember;
  let recent: TMember;
  let cutoffs: TCutoffs;
  /** The log's tiles before the purge: what an auditor or a mirror may already hold. */
  let tilesBefore: { treeSize: number; tiles: Map<string, Buffer> };

  /** Everything a member and their advisor leave behind in the gateway, through the paths the pages use. */
  async function writeMembersData(services: Awaited<ReturnType<typeof createServices>>, label: string) {
    const tag = randomBytes(4).toString('hex');
    const officer = await createAccount(prisma(), {
      kind: 'COMPLIANCE',
      loginName: `officer.${tag}`,
      displayName: `Compliance ${label}`,
      password: TEST_PASSWORD,
    });
    const member = await createAccount(prisma(), {
      kind: 'MEMBER',
      loginName: randomInsuranceNumber(),
      displayName: `Mitglied ${label}`,
      password: TEST_PASSWORD,
    });
    const advisor = await createAccount(prisma(), {
      kind: 'ADVISOR',
      loginName: `advisor.${tag}`,
      displayName: `Beratung ${label}`,
      password: TEST_PASSWORD,
    });
    const colleague = await createAccount(prisma(), {
      kind: 'ADVISOR',
      loginName: `colleague.${tag}`,
      displayName: `Vertretung ${label}`,
      password: TEST_PASSWORD,
    });
    const ip = `net:${randomBytes(10).toString('hex')}`;
    const phone = `030${randomInt(10_000_000, 99_999_999)}`;
    const topics = [`Krankengeld ${tag}`, `Rehabilitation ${tag}`, `Pflegegrad ${tag}`];

    expect(await authenticate({ identifier: member.loginName, password: 'falsch' }, ip)).toBeNull();
    const signedIn = (await authenticate({ identifier: member.loginName, password: TEST_PASSWORD }, ip))!;
    const memberActor: TActor = { ...actorFor(member, signedIn.sessionId), ipPseudonym: ip };
    const advisorActor: TActor = { ...actorFor(advisor), ipPseudonym: ip };

    const consultationIds: string[] = [];
    for (const topic of topics) {
      const scheduled = await scheduleConsultation(advisorActor, {
        member: member.loginName,
        topic,
        date: '2030-06-03',
        time: '10:00',
        durationMinutes: '30',
        videoServiceId: services.own.id,
      });
      if (scheduled.kind !== 'scheduled') throw new Error(`not scheduled: ${JSON.stringify(scheduled)}`);
      consultationIds.push(scheduled.consultationId);
    }
    const [consented, declined, handedOver] = consultationIds as [string, string, string];
    const service = await prisma().videoService.findUniqueOrThrow({ where: { id: services.own.id } });
    const disclosure = (await currentDisclosure(prisma(), service.id, 'de'))!;
    const tokenDigests: string[] = [];
    const decide = (consultationId: string, intent: 'consent' | 'refuse') => {
      const servedToken = issueServedToken({
        d: disclosure.id,
        h: disclosure.contentHash,
        l: 'de',
        m: member.id,
        c: consultationId,
        s: termsDigest('de', service, member.kind),
      });
      tokenDigests.push(sha256Hex(servedToken));
      return recordDecision(memberActor, {
        consultationId,
        servedToken,
        intent,
        ...(intent === 'consent' ? { transmission: 'yes' as const } : { phone }),
      });
    };
    expect((await decide(consented, 'consent')).kind).toBe('recorded');
    expect((await decide(declined, 'refuse')).kind).toBe('recorded');
    expect((await handOverConsultation(advisorActor, handedOver, colleague.id)).kind).toBe('handed-over');
    // A violation case, investigated and closed by compliance (an open one would hold the consultation).
    const closingNote = `Aufnahme gelöscht ${tag}`;
    await prisma().violation.create({
      data: {
        consultationId: consented,
        kind: 'RECORDING_WITHOUT_CONSENT',
        externalRef: `EG_${tag}`,
        status: 'CLOSED',
        closedAt: new Date(),
        closedById: officer.id,
        closingNote,
      },
    });
    const webhookEventId = `EV_${tag}`;
    await prisma().videoWebhookEvent.create({ data: { id: webhookEventId } });
    // An officer's export of this member's entries (its filter names the member).
    const exported = (await createLogExport(prisma(), actorFor(officer), {
      filter: { member: member.id },
      format: 'CSV',
      reason: `Auskunft ${tag}`,
    }))!;
    // A password letter the advisor requested and the print system has printed (its row names both).
    const letter = await requestPasswordLetter(prisma(), advisorActor, { member: member.loginName, language: 'de', confirm: 'yes' });
    if (!letter.ok) throw new Error('no letter');
    await prisma().passwordLetter.update({
      where: { id: letter.letterId },
      data: { state: 'PRINTED', handedAt: new Date(), confirmedAt: new Date(), codeExpiresAt: new Date() },
    });
    return {
      member,
      advisor,
      colleague,
      ip,
      phone,
      topics,
      consultationIds,
      webhookEventId,
      tokenDigests,
      closingNote,
      exportId: exported.id,
      sessionId: signedIn.sessionId,
    };
  }

  /**
   * Every table and column that can hold text (text, varchar, json, jsonb, uuid, arrays of them) containing
   * `needle`, and every bytea column holding its UTF-8 bytes (the log's stored entry bytes).
   */
  async function columnsContaining(needle: string): Promise<string[]> {
    const columns = await prisma().$queryRaw<{ table_name: string; column_name: string; data_type: string }[]>`
      SELECT table_name, column_name, data_type FROM information_schema.columns
       WHERE table_schema = 'public' AND (data_type IN ('text', 'character varying', 'json', 'jsonb', 'uuid', 'ARRAY', 'bytea') OR udt_name IN ('text', 'varchar', 'uuid'))
       ORDER BY table_name, column_name`;
    expect(columns.length).toBeGreaterThan(40);
    const hits: string[] = [];
    for (const { table_name: table, column_name: column, data_type: type } of columns) {
      const found = type === 'bytea' ? `position(convert_to($1, 'UTF8') IN "${column}") > 0` : `strpos("${column}"::text, $1) > 0`;
      const [row] = await prisma().$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "${table}" WHERE ${found}`, needle);
      if (row!.n > 0) hits.push(`${table}.${column}`);
    }
    return hits;
  }

  /** What the purge must not touch: the recent member's rows, read whole. */
  async function recentRows() {
    const ids = recent.consultationIds;
    return {
      consultations: await prisma().consultation.findMany({ where: { id: { in: ids } }, orderBy: { id: 'asc' } }),
      decisions: await prisma().consentDecision.findMany({ where: { consultationId: { in: ids } }, orderBy: { id: 'asc' } }),
      violations: await prisma().violation.findMany({ where: { consultationId: { in: ids } } }),
      sessions: await prisma().session.findMany({ where: { accountId: recent.member.id } }),
      failures: await prisma().loginFailure.findMany({ where: { accountId: recent.member.id } }),
      webhook: await prisma().videoWebhookEvent.findMany({ where: { id: recent.webhookEventId } }),
      exports: await prisma().logExport.findMany({ where: { id: recent.exportId } }),
      letters: await prisma().passwordLetter.findMany({ where: { accountId: recent.member.id } }),
      facets: await prisma().logFacet.findMany({ where: { memberId: recent.member.id }, orderBy: { seq: 'asc' } }),
      personal: await prisma().$queryRaw<
        unknown[]
      >`SELECT queue_id::text, salt, data FROM consent_log_personal WHERE data::text LIKE ${`%${recent.member.id}%`} OR data::text LIKE ${`%${recent.advisor.id}%`} ORDER BY queue_id`,
    };
  }

  beforeAll(async () => {
    const services = await createServices(prisma());
    old = await writeMembersData(services, 'alt');
    // The old member's records go back in time (as if written then), each well past its period.
    const ago = (days: number) => `now() - interval '${days} days'`;
    const consultations = old.consultationIds.map((id) => `'${id}'`).join(', ');
    await backdateWholeLog(prisma(), 5 * YEAR_MS);
    await asSuperuser(
      prisma(),
      `UPDATE consultation SET starts_at = starts_at - interval '10 years', created_at = created_at - interval '5 years' WHERE id IN (${consultations})`,
      `UPDATE consent_decision SET served_at = served_at - interval '5 years', decided_at = decided_at - interval '5 years' WHERE consultation_id IN (${consultations})`,
      `UPDATE violation SET detected_at = ${ago(5 * 365)}, closed_at = ${ago(5 * 365)} WHERE consultation_id IN (${consultations})`,
      `UPDATE session SET created_at = ${ago(60)}, last_seen_at = ${ago(60)} WHERE account_id = '${old.member.id}'`,
      `UPDATE login_failure SET attempted_at = ${ago(100)} WHERE account_id = '${old.member.id}'`,
      `UPDATE video_webhook_event SET received_at = ${ago(40)} WHERE id = '${old.webhookEventId}'`,
      `UPDATE password_letter SET requested_at = ${ago(100)}, handed_at = ${ago(100)}, confirmed_at = ${ago(100)}, code_expires_at = ${ago(100)} WHERE account_id = '${old.member.id}'`,
    );
    recent = await writeMembersData(services, 'neu');
    // The defaults: four calendar years for evidence, days for the rest.
    cutoffs = retentionCutoffs(new Date());
    const treeSize = Number((await signCheckpoint(prisma()))!.treeSize);
    tilesBefore = { treeSize, tiles: await allTiles(prisma(), treeSize) };
  });

  it("serves none of either member's personal fields in any tile or entry bundle (they are in the log only as salted commitments)", () => {
    for (const member of [old, recent]) {
      for (const value of [
        member.member.id,
        member.member.loginName,
        member.advisor.id,
        member.colleague.id,
        member.ip,
        member.phone,
        ...member.topics,
        ...member.tokenDigests,
        member.closingNote,
        member.sessionId,
      ])
        expect(tilesContaining(tilesBefore.tiles, value), value).toEqual([]);
    }
    // The scan does find what tiles hold: a consultation's id is in its entries.
    expect(tilesContaining(tilesBefore.tiles, old.consultationIds[0]!).length).toBeGreaterThan(0);
  });

  it('counts in a dry run what would go, and changes and logs nothing', async () => {
    const head = await prisma().logHead.findUniqueOrThrow({ where: { id: 1 } });
    const personalRows = await prisma().logEntryPersonal.count();
    const result = await purgeExpired(database(), { cutoffs, dryRun: true });
    expect(result).toMatchObject({
      kind: 'dry-run',
      found: {
        consultations: 3,
        consentDecisions: 2,
        violations: 1,
        callbackPhones: 0,
        sessions: 1,
        loginFailures: 1,
        passwordLetters: 1,
        webhookEvents: 1,
        logExports: 1,
      },
    });
    expect((result as { found: { logFacets: number } }).found.logFacets).toBeGreaterThanOrEqual(7);
    expect((result as { found: { consentLog: number } }).found.consentLog).toBeGreaterThanOrEqual(7);
    expect(await prisma().logHead.findUniqueOrThrow({ where: { id: 1 } })).toEqual(head);
    expect(await prisma().logEntryPersonal.count()).toBe(personalRows);
  });

  it('erases the expired records in batches, and the chain and the signed checkpoints still verify', async () => {
    const before = await recentRows();
    const result = await purgeExpired(database(), { cutoffs, batch: 2 });
    expect(result.kind).toBe('purged');
    const { found, erased } = result as { found: object; erased: object };
    expect(erased).toEqual(found);
    await signCheckpoint(prisma());
    const verified = await verifyChain(database());
    expect(verified).toMatchObject({ ok: true, firstBroken: null, checkpoints: { firstBad: null } });
    expect(verified.checkpoints.checked, 'checkpoints from before and after the purge').toBeGreaterThanOrEqual(2);
    expect(await recentRows(), 'what has not expired is untouched').toEqual(before);
  });

  it('leaves every tile and entry bundle served before the purge byte for byte as it was (tiles are immutable)', async () => {
    const after = await allTiles(prisma(), tilesBefore.treeSize);
    expect([...after.keys()]).toEqual([...tilesBefore.tiles.keys()]);
    for (const [path, bytes] of tilesBefore.tiles) expect(after.get(path)!.equals(bytes), path).toBe(true);
  });

  it("leaves none of the old member's identifiers anywhere but in their own account row", async () => {
    expect(await columnsContaining(old.member.id)).toEqual(['account.id']);
    expect(await columnsContaining(old.member.loginName)).toEqual(['account.login_name']);
    // The advisors are staff whose accounts stay; what they did for this member is gone with it.
    expect(await columnsContaining(old.advisor.id)).toEqual(['account.id']);
    expect(await columnsContaining(old.colleague.id)).toEqual(['account.id']);
    // The served tokens' digests too: with GATEWAY_SECRET, trying account ids against one finds the member.
    for (const value of [
      old.ip,
      old.phone,
      ...old.topics,
      ...old.tokenDigests,
      old.closingNote,
      old.sessionId,
      old.webhookEventId,
      old.exportId,
    ]) {
      // (The export's id stays in its log entries: a random id, like a consultation's.)
      const expected = value === old.exportId ? ['consent_log.canonical', 'consent_log.payload'] : [];
      expect(await columnsContaining(value), value).toEqual(expected);
    }
    // The recent member's are all still there (the scan does find what exists).
    expect(await columnsContaining(recent.ip)).toEqual([
      'consent_log_personal.canonical',
      'consent_log_personal.data',
      'login_failure.ip_pseudonym',
    ]);
    expect(await columnsContaining(recent.phone)).toEqual(['consultation.callback_phone']);
    expect(await columnsContaining(recent.member.id)).toEqual(
      expect.arrayContaining([
        'account.id',
        'consent_decision.member_id',
        'consent_log_facet.member_id',
        'consent_log_personal.data',
        'consultation.member_id',
        'log_export.filter',
        'login_failure.account_id',
        'password_letter.account_id',
        'session.account_id',
      ]),
    );
  });

  it('records the purge in the log: cut-offs and counts, no personal data', async () => {
    const entries = await prisma().logEntry.findMany({ where: { eventType: 'retention.purged' } });
    expect(entries).toHaveLength(1);
    const payload = entries[0]!.payload as { cutoffs: Record<string, string>; records: Record<string, number> };
    expect(payload.cutoffs).toEqual(Object.fromEntries(RECORD_TYPES.map((type) => [type, cutoffs[type].toISOString()])));
    expect(payload.records).toMatchObject({
      consultations: 3,
      consentDecisions: 2,
      violations: 1,
      sessions: 1,
      loginFailures: 1,
      passwordLetters: 1,
      webhookEvents: 1,
      logExports: 1,
    });
    expect(entries[0]!.personalCommitment).toBeNull();
  });

  it('does nothing, and logs nothing, when run again', async () => {
    const head = await prisma().logHead.findUniqueOrThrow({ where: { id: 1 } });
    const result = await purgeExpired(database(), { cutoffs });
    expect(result).toMatchObject({ kind: 'nothing-expired', found: { consentLog: 0, consultations: 0, sessions: 0 } });
    expect(await prisma().logHead.findUniqueOrThrow({ where: { id: 1 } })).toEqual(head);
    expect(await prisma().logQueueEntry.count()).toBe(0);
  });

  it('erases a callback number once the phone call is long past, and keeps the consultation', async () => {
    const [, declined] = recent.consultationIds as [string, string];
    await prisma().consultation.update({
      where: { id: declined },
      data: { startsAt: new Date(cutoffs.callbackPhones.getTime() - 86_400_000) },
    });
    // (The consultation itself is recent: created today, decided today.)
    const result = await purgeExpired(database(), { cutoffs });
    expect(result).toMatchObject({ kind: 'purged', erased: { callbackPhones: 1, consultations: 0, consentLog: 0 } });
    expect(await prisma().consultation.findUniqueOrThrow({ where: { id: declined } })).toMatchObject({
      callbackPhone: null,
      topic: recent.topics[1],
    });
    expect(await columnsContaining(recent.phone)).toEqual([]);
    expect((await verifyChain(database())).ok).toBe(true);
  });

  it('holds an old consultation while its violation case is open, and purges it once the case is closed', async () => {
    const member = await createAccount(prisma(), {
      kind: 'MEMBER',
      loginName: randomInsuranceNumber(),
      displayName: 'Mitglied Fall',
      password: TEST_PASSWORD,
    });
    const consultation = await createConsultation(prisma(), {
      memberId: member.id,
      advisorId: old.advisor.id,
      videoServiceId: (await prisma().videoService.findFirstOrThrow()).id,
      topic: 'Offener Fall',
      startsAt: new Date('2020-02-03T09:00:00Z'),
    });
    await asSuperuser(prisma(), `UPDATE consultation SET created_at = '2020-01-20T09:00:00Z' WHERE id = '${consultation.id}'`);
    await prisma().violation.create({
      data: {
        consultationId: consultation.id,
        kind: 'RECORDING_WITHOUT_CONSENT',
        externalRef: 'EG_open',
        detectedAt: new Date('2020-02-03T09:10:00Z'),
      },
    });
    // The case's evidence in the log: the member's denied join, logged then (queued with its time, as the app queues).
    const salt = randomBytes(32).toString('hex');
    const personal = { actorId: member.id, ipPseudonym: 'net:case' };
    await prisma().$executeRaw`
      WITH q AS (INSERT INTO consent_log_queue (recorded_at, event_type, consultation_id, payload, personal_commitment)
                 VALUES (timestamptz '2020-02-03T09:05:00Z', 'call.join_denied', ${consultation.id}::uuid, '{"reason":"no-consent"}'::jsonb, ${personalCommitment(salt, personal)})
                 RETURNING id)
      INSERT INTO consent_log_personal (queue_id, salt, canonical) SELECT id, ${salt}, convert_to(${canonicalJson(personal)}, 'UTF8') FROM q`;
    await integrateQueuedEntries(prisma());
    expect(await purgeExpired(database(), { cutoffs })).toMatchObject({ kind: 'nothing-expired' });
    expect(await columnsContaining('net:case'), 'the open case holds who acted in its entries').toEqual([
      'consent_log_personal.canonical',
      'consent_log_personal.data',
    ]);
    expect(await prisma().consultation.count({ where: { id: consultation.id } })).toBe(1);
    await asSuperuser(
      prisma(),
      `UPDATE violation SET status = 'CLOSED', closed_at = '2020-03-01T09:00:00Z', closing_note = 'erledigt' WHERE consultation_id = '${consultation.id}'`,
    );
    expect(await purgeExpired(database(), { cutoffs })).toMatchObject({ kind: 'purged', erased: { consultations: 1, violations: 1 } });
    expect(await columnsContaining(member.id)).toEqual(['account.id']);
    expect((await verifyChain(database())).ok).toBe(true);
  });

  it('runs one purge at a time: another one started meanwhile does nothing', async () => {
    const inner = await withPurgeLock(database(), () => purgeExpired(database(), { cutoffs, dryRun: true }));
    expect(inner).toEqual({ kind: 'busy' });
    expect((await purgeExpired(database(), { cutoffs, dryRun: true })).kind, 'and the lock is free again').toBe('dry-run');
  });

  it('lets the database refuse erasures outside the purge, and before the cut-off it declares', async () => {
    const sql = (text: string) => prisma().$executeRawUnsafe(text);
    const { queueId } = await prisma().logEntryPersonal.findFirstOrThrow({ select: { queueId: true } });
    await expect(sql(`DELETE FROM consent_log_personal WHERE queue_id = ${queueId}`)).rejects.toThrow(
      /only be erased by the retention purge/,
    );
    await expect(sql('DELETE FROM consent_decision')).rejects.toThrow(/only be deleted by the retention purge/);
    await expect(
      prisma().$transaction(async (tx) => {
        await tx.$queryRaw`SELECT set_config('consent_gateway.erase_log_personal_before', ${cutoffs.consentLog.toISOString()}, true)`;
        await tx.$executeRawUnsafe(`DELETE FROM consent_log_personal WHERE queue_id = ${queueId}`);
      }),
      'a recent entry, even with a cut-off declared',
    ).rejects.toThrow(/only be erased by the retention purge/);
    expect(await prisma().logEntryPersonal.count({ where: { queueId } })).toBe(1);
  });
});
