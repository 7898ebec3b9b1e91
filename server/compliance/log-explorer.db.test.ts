import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { appendLogEntry } from '@/server/audit-log/append-log-entry';
import { integrateQueuedEntries } from '@/server/audit-log/integrate-entries';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import { consultationTimeline } from '@/server/compliance/consultation-timeline';
import { type TLogFilter, ZLogFilter } from '@/server/compliance/log-filter';
import { lookupMember } from '@/server/compliance/lookup-member';
import { explorerStatement, searchLog } from '@/server/compliance/search-log';
import { createAccount } from '@/prisma/seed/factories';
import { utcToBerlinFields } from '@/server/consultation/berlin-time';
import type { TDb } from '@/server/db/client';
import type { TDirectSql } from '@/server/db/direct-sql';
import type { TActor } from '@/server/auth/current-actor';
import { READ_TO_CONFIRM } from '@/server/request/read-arrival';
import { describeEachDatabase, useTestDatabase } from '@/tests/database';
import { TEST_PASSWORD, actorFor, createScenario, createServices, giveConsent } from '@/tests/scenario';

/** A timeline as an officer opens it from the gateway's own pages. */
async function openTimeline(prisma: TDb, direct: TDirectSql, officer: TActor, consultationId: string) {
  const timeline = await consultationTimeline(prisma, direct, officer, consultationId, 'own-page');
  if (!timeline || 'confirmRead' in timeline) throw new Error(`no timeline for ${consultationId}`);
  return timeline;
}

type TPlanNode = {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Filter?: string;
  Plans?: TPlanNode[];
};
/** A plan's nodes, each before those below it. */
const planNodes = (node: TPlanNode): TPlanNode[] => [node, ...(node.Plans ?? []).flatMap(planNodes)];

describeEachDatabase('log explorer', (kind) => {
  const database = useTestDatabase(kind);

  async function world() {
    const { prisma } = database();
    const services = await createServices(prisma);
    const a = await createScenario(prisma, services);
    const b = await createScenario(prisma, services);
    const officer = actorFor(
      await createAccount(prisma, {
        kind: 'COMPLIANCE',
        loginName: `officer.${kind}.${Date.now()}`,
        displayName: 'Prüferin',
        password: TEST_PASSWORD,
      }),
    );
    await giveConsent(prisma, a, { recording: false });
    await giveConsent(prisma, b, { recording: true });
    // A sign-in (no consultation: the member is the actor) and denied joins on both consultations of a.
    await prisma.$transaction(async (tx) => {
      await appendLogEntry(tx, { eventType: LOG_EVENT.login, payload: { channel: 'test' }, personal: { actorId: a.member.id } });
      await appendLogEntry(tx, {
        eventType: LOG_EVENT.joinDenied,
        consultationId: a.onThirdParty.id,
        payload: { reason: 'no-consent' },
        personal: { actorId: a.member.id },
      });
      await appendLogEntry(tx, {
        eventType: LOG_EVENT.callStartDenied,
        consultationId: a.onThirdParty.id,
        payload: { reason: 'no-consent' },
        personal: { actorId: a.advisor.id },
      });
      await appendLogEntry(tx, {
        eventType: LOG_EVENT.joinAllowed,
        consultationId: b.onOwn.id,
        payload: {},
        personal: { actorId: b.member.id },
      });
    });
    await integrateQueuedEntries(prisma);
    return { a, b, officer, services };
  }

  const filter = (input: Record<string, string>): TLogFilter => ZLogFilter.parse(input);

  it('filters by advisor, member, service, consultation, event, status and day, newest first', async () => {
    const { prisma } = database();
    const { a, b, officer, services } = await world();
    const seqs = (page: Awaited<ReturnType<typeof searchLog>>) => page!.entries.map((e) => e.seq);
    const byAdvisor = (await searchLog(prisma, officer, filter({ advisor: a.advisor.id })))!;
    expect(byAdvisor.entries.map((e) => e.eventType)).toEqual([LOG_EVENT.callStartDenied, LOG_EVENT.joinDenied, LOG_EVENT.consentGiven]);
    expect(byAdvisor.entries.every((e) => e.advisorName === 'Test Beratung')).toBe(true);
    const sorted = [...seqs(byAdvisor)].sort((x, y) => (x > y ? -1 : 1));
    expect(seqs(byAdvisor)).toEqual(sorted);

    // The member's own sign-in has no consultation, and is still theirs.
    const byMember = (await searchLog(prisma, officer, filter({ member: a.member.id })))!;
    expect(byMember.entries.map((e) => e.eventType)).toEqual([
      LOG_EVENT.callStartDenied,
      LOG_EVENT.joinDenied,
      LOG_EVENT.login,
      LOG_EVENT.consentGiven,
    ]);
    expect(byMember.entries.every((e) => e.memberId === a.member.id)).toBe(true);

    const onThirdParty = (await searchLog(prisma, officer, filter({ service: services.thirdParty.id })))!;
    expect(onThirdParty.entries.map((e) => e.consultationId)).toEqual([a.onThirdParty.id, a.onThirdParty.id]);
    const oneCall = (await searchLog(prisma, officer, filter({ consultation: b.onOwn.id })))!;
    expect(oneCall.entries.map((e) => e.eventType)).toEqual([LOG_EVENT.joinAllowed, LOG_EVENT.consentGiven]);

    const denied = (await searchLog(prisma, officer, filter({ status: 'denied' })))!;
    expect(denied.entries.map((e) => e.eventType)).toEqual([LOG_EVENT.callStartDenied, LOG_EVENT.joinDenied]);
    const given = (await searchLog(prisma, officer, filter({ event: LOG_EVENT.consentGiven, advisor: b.advisor.id })))!;
    expect(given.entries.map((e) => e.consultationId)).toEqual([b.onOwn.id]);
    expect((await searchLog(prisma, officer, filter({ event: LOG_EVENT.consentGiven, status: 'withdrawn' })))!.entries).toEqual([]);

    const today = utcToBerlinFields(new Date()).date;
    expect((await searchLog(prisma, officer, filter({ from: today, to: today, advisor: a.advisor.id })))!.entries).toHaveLength(3);
    const tomorrow = utcToBerlinFields(new Date(Date.now() + 86_400_000)).date;
    expect((await searchLog(prisma, officer, filter({ from: tomorrow })))!.entries).toEqual([]);
    const yesterday = utcToBerlinFields(new Date(Date.now() - 86_400_000)).date;
    expect((await searchLog(prisma, officer, filter({ to: yesterday })))!.entries).toEqual([]);
  });

  it('names who acted: a member by account (shown pseudonymised), staff by name and role, the gateway, else nobody', async () => {
    const { prisma } = database();
    const { a, officer } = await world();
    await prisma.$transaction(async (tx) => {
      await appendLogEntry(tx, { eventType: LOG_EVENT.callNotEnded, consultationId: a.onOwn.id, payload: { dueAt: 'x', by: 'gateway' } });
      // No personal part and no sign of the gateway: an entry whose person the purge erased.
      await appendLogEntry(tx, { eventType: LOG_EVENT.consentGiven, consultationId: a.onOwn.id, payload: { choices: {} } });
    });
    await integrateQueuedEntries(prisma);
    const page = (await searchLog(prisma, officer, filter({ consultation: a.onThirdParty.id })))!;
    expect(page.entries.map((e) => [e.eventType, e.actor])).toEqual([
      [LOG_EVENT.callStartDenied, { kind: 'staff', role: 'ADVISOR', name: a.advisor.displayName }],
      [LOG_EVENT.joinDenied, { kind: 'member', id: a.member.id }],
    ]);
    const own = (await searchLog(prisma, officer, filter({ consultation: a.onOwn.id })))!;
    expect(own.entries.slice(0, 2).map((e) => [e.eventType, e.actor])).toEqual([
      [LOG_EVENT.consentGiven, null],
      [LOG_EVENT.callNotEnded, { kind: 'system' }],
    ]);
    // The decision giveConsent made is the member's own.
    expect(own.entries.find((e) => e.eventType === LOG_EVENT.consentGiven && e.actor !== null)?.actor).toEqual({
      kind: 'member',
      id: a.member.id,
    });
  });

  it('pages by sequence number both ways without gaps or repeats', async () => {
    const { prisma } = database();
    const { officer } = await world();
    const all = (await searchLog(prisma, officer, filter({}), {}, 1000))!.entries.map((e) => e.seq);
    const walked: bigint[] = [];
    const pages = [];
    let page = (await searchLog(prisma, officer, filter({}), {}, 3))!;
    expect(page.newer).toBeNull();
    for (;;) {
      pages.push(page);
      walked.push(...page.entries.map((e) => e.seq));
      if (page.older === null) break;
      page = (await searchLog(prisma, officer, filter({}), { before: page.older }, 3))!;
    }
    expect(walked).toEqual(all);
    // Back from the last page to the first, through `after`.
    let back = pages.at(-1)!;
    for (let i = pages.length - 2; i >= 0; i--) {
      back = (await searchLog(prisma, officer, filter({}), { after: back.newer! }, 3))!;
      expect(back.entries.map((e) => e.seq)).toEqual(pages[i]!.entries.map((e) => e.seq));
    }
    expect(back.newer).toBeNull();
  });

  it('answers only compliance officers, rejects bad filters, and logs member lookups and timeline views', async () => {
    const { prisma, direct } = database();
    const { a, officer } = await world();
    expect(await searchLog(prisma, actorFor(a.advisor), filter({}))).toBeNull();
    expect(await lookupMember(prisma, direct, actorFor(a.advisor), { number: a.member.loginName })).toBeNull();
    for (const arrival of ['own-page', 'elsewhere'] as const)
      expect(await consultationTimeline(prisma, direct, actorFor(a.member), a.onOwn.id, arrival)).toBeNull();
    expect(await consultationTimeline(prisma, direct, officer, randomUUID(), 'elsewhere')).toBeNull();
    for (const bad of [
      { consultation: 'x' },
      { from: '2026-02-30' },
      { from: '0026-01-01' },
      { from: '2026-12-02', to: '2026-12-01' },
      { event: 'drop table' },
      { status: 'maybe' },
      { advisor: "' OR 1=1" },
    ]) {
      expect(ZLogFilter.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }

    expect(await lookupMember(prisma, direct, officer, { number: 'A12' })).toEqual({ kind: 'invalid' });
    expect(await lookupMember(prisma, direct, officer, { number: a.member.loginName.toLowerCase(), reason: 'Anfrage 7/26' })).toEqual({
      kind: 'found',
      memberId: a.member.id,
    });
    // From a link outside the gateway: nothing read, nothing logged, until the officer confirms.
    expect(await consultationTimeline(prisma, direct, officer, a.onOwn.id, 'elsewhere')).toBe(READ_TO_CONFIRM);
    const timeline = await openTimeline(prisma, direct, officer, a.onOwn.id);
    expect(timeline.entries.map((e) => e.eventType)).toEqual([LOG_EVENT.consentGiven, LOG_EVENT.timelineViewed]);
    expect(timeline.consultation).not.toHaveProperty('topic');

    await integrateQueuedEntries(prisma);
    const reads = await prisma.$queryRaw<{ event_type: string; data: { actorId: string; subjectId?: string; reason?: string } }[]>`
      SELECT e.event_type, p.data FROM consent_log e JOIN consent_log_personal p ON p.queue_id = e.queue_id
       WHERE e.event_type LIKE 'compliance.%' ORDER BY e.seq`;
    expect(reads).toEqual([
      {
        event_type: LOG_EVENT.memberLookedUp,
        data: { actorId: officer.id, subjectId: a.member.id, ipPseudonym: 'net:test', reason: 'Anfrage 7/26' },
      },
      { event_type: LOG_EVENT.timelineViewed, data: { actorId: officer.id, subjectId: a.member.id, ipPseudonym: 'net:test' } },
    ]);
    // The number typed is not in the log, only whether it was found.
    const payloads = await prisma.logEntry.findMany({ where: { eventType: LOG_EVENT.memberLookedUp }, select: { payload: true } });
    expect(JSON.stringify(payloads)).not.toContain(a.member.loginName);
  });

  it('finds exactly the decisions made right after a password letter, by who requested the letter, page by page', async () => {
    const { prisma, direct } = database();
    const services = await createServices(prisma);
    const officer = actorFor(
      await createAccount(prisma, {
        kind: 'COMPLIANCE',
        loginName: `officer.letter.${kind}`,
        displayName: 'Prüferin',
        password: TEST_PASSWORD,
      }),
    );
    const byAdvisorLetter = await Promise.all([createScenario(prisma, services), createScenario(prisma, services)]);
    const byAdminLetter = await createScenario(prisma, services);
    const unmarked = await createScenario(prisma, services);
    for (const s of byAdvisorLetter) await giveConsent(prisma, s, { recording: false }, { afterPasswordLetter: 'ADVISOR' });
    await giveConsent(prisma, byAdminLetter, { recording: true }, { afterPasswordLetter: 'ADMIN' });
    await giveConsent(prisma, unmarked, { recording: false });
    // Entries of other kinds on the marked consultations carry no mark of their own.
    await prisma.$transaction((tx) =>
      appendLogEntry(tx, {
        eventType: LOG_EVENT.joinAllowed,
        consultationId: byAdminLetter.onOwn.id,
        payload: {},
        personal: { actorId: byAdminLetter.member.id },
      }),
    );
    await integrateQueuedEntries(prisma);

    const search = async (input: Record<string, string>, size?: number) =>
      (await searchLog(prisma, officer, filter(input), {}, size))!.entries;
    const consultations = (entries: Awaited<ReturnType<typeof search>>) => entries.map((e) => e.consultationId);
    const advisorMarked = byAdvisorLetter.map((s) => s.onOwn.id).reverse();
    expect(consultations(await search({ afterPasswordLetter: 'any' }))).toEqual([byAdminLetter.onOwn.id, ...advisorMarked]);
    expect(consultations(await search({ afterPasswordLetter: 'ADVISOR' }))).toEqual(advisorMarked);
    const admin = await search({ afterPasswordLetter: 'ADMIN' });
    expect(admin.map((e) => [e.consultationId, e.eventType, e.afterPasswordLetter])).toEqual([
      [byAdminLetter.onOwn.id, LOG_EVENT.consentGiven, 'ADMIN'],
    ]);
    expect(await search({ afterPasswordLetter: 'OPERATOR' })).toEqual([]);
    // Combined with the other filters, and with event types no decision has.
    expect(consultations(await search({ afterPasswordLetter: 'any', advisor: byAdvisorLetter[0].advisor.id }))).toEqual([
      byAdvisorLetter[0].onOwn.id,
    ]);
    expect(consultations(await search({ afterPasswordLetter: 'ADVISOR', status: 'given' }))).toEqual(advisorMarked);
    expect(await search({ afterPasswordLetter: 'any', status: 'denied' })).toEqual([]);
    expect(await search({ afterPasswordLetter: 'any', event: LOG_EVENT.joinAllowed })).toEqual([]);

    // "No" is every entry without the mark: the unmarked consent and the join, never a marked decision.
    const none = await search({ afterPasswordLetter: 'none' }, 1000);
    expect(none.every((e) => e.afterPasswordLetter === null)).toBe(true);
    expect(none.map((e) => e.consultationId)).toEqual(expect.arrayContaining([unmarked.onOwn.id, byAdminLetter.onOwn.id]));
    expect(none.some((e) => e.eventType === LOG_EVENT.consentGiven && e.consultationId === byAdminLetter.onOwn.id)).toBe(false);
    const everything = await search({}, 1000);
    expect(everything.length).toBe(none.length + 3);
    expect(everything.filter((e) => e.afterPasswordLetter !== null).map((e) => e.afterPasswordLetter)).toEqual([
      'ADMIN',
      'ADVISOR',
      'ADVISOR',
    ]);

    // Keyset pages of one entry each walk the marked entries without gaps or repeats.
    const walked: (string | null)[] = [];
    let page = (await searchLog(prisma, officer, filter({ afterPasswordLetter: 'any' }), {}, 1))!;
    for (;;) {
      walked.push(...consultations(page.entries));
      if (page.older === null) break;
      page = (await searchLog(prisma, officer, filter({ afterPasswordLetter: 'any' }), { before: page.older }, 1))!;
    }
    expect(walked).toEqual([byAdminLetter.onOwn.id, ...advisorMarked]);

    // The consultation's timeline shows the mark on the decision, and only there.
    const timeline = await openTimeline(prisma, direct, officer, byAdminLetter.onOwn.id);
    expect(timeline.entries.map((e) => [e.eventType, e.afterPasswordLetter])).toEqual([
      [LOG_EVENT.consentGiven, 'ADMIN'],
      [LOG_EVENT.joinAllowed, null],
      [LOG_EVENT.timelineViewed, null],
    ]);
    for (const bad of [{ afterPasswordLetter: 'yes' }, { afterPasswordLetter: 'admin' }, { afterPasswordLetter: "' OR 1=1" }]) {
      expect(ZLogFilter.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it("bounds the log's key on both sides of the facet join, so a deep page by advisor never reads the log from its end", async () => {
    const { prisma } = database();
    const { a } = await world();
    const newest = (await prisma.$queryRaw<{ n: bigint }[]>`SELECT max(seq) AS n FROM consent_log`)[0]!.n;
    const statement = explorerStatement(filter({ advisor: a.advisor.id }), { before: newest }, 50)!;
    // The plan the bench found at ten million entries: a merge join of the facets with the log. Only merge
    // joins are left to the planner here, so the plan is the same on a small log.
    const [explained] = await prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SET LOCAL enable_nestloop = off`;
      await tx.$executeRaw`SET LOCAL enable_hashjoin = off`;
      return tx.$queryRaw<{ 'QUERY PLAN': [{ Plan: TPlanNode }] }[]>`EXPLAIN (FORMAT JSON) ${statement}`;
    });
    // The branch's join, below the branch's LIMIT: one side reads the facets, the other the log.
    const reads = (node: TPlanNode, table: string) => planNodes(node).some((n) => n['Relation Name'] === table);
    const logSides = planNodes(explained!['QUERY PLAN'][0].Plan)
      .filter((n) => n['Node Type'] === 'Limit')
      .flatMap(planNodes)
      .filter((join) => (join.Plans ?? []).some((child) => reads(child, 'consent_log_facet')))
      .flatMap((join) => (join.Plans ?? []).filter((child) => reads(child, 'consent_log')));
    expect(logSides.length).toBeGreaterThan(0);
    for (const side of logSides) {
      // On a log this small the planner may read it whole and sort it; the bound is then its filter.
      const scans = planNodes(side).filter((n) => n['Relation Name'] === 'consent_log');
      expect(scans.length).toBeGreaterThan(0);
      for (const scan of scans) expect(`${scan['Index Cond'] ?? ''} ${scan.Filter ?? ''}`).toMatch(/\(seq < /);
    }
  });

  it("walks the log's key inside a time range's blocks to fill a page; the time index is out of the planner's reach", async () => {
    const { prisma } = database();
    // 7,000 entries an hour apart through 2018, earlier than every other entry here (seven blocks of the time
    // index), so that one day is about as small a part of the log as a week is of ten million entries.
    await prisma.$executeRaw`
      INSERT INTO consent_log_queue (recorded_at, event_type, payload)
      SELECT timestamptz '2018-01-01 00:00:00+00' + n * interval '1 hour', 'auth.login', '{"channel":"test"}'::jsonb FROM generate_series(1, 7000) AS n`;
    await integrateQueuedEntries(prisma);
    await prisma.$executeRaw`ANALYZE consent_log`;
    const statement = explorerStatement(filter({ from: '2018-06-03', to: '2018-06-03' }), {}, 50)!;
    const plan = async (settings: string[]) => {
      const [explained] = await prisma.$transaction(async (tx) => {
        for (const setting of settings) await tx.$executeRawUnsafe(`SET LOCAL ${setting} = off`);
        return tx.$queryRaw<{ 'QUERY PLAN': [{ Plan: TPlanNode }] }[]>`EXPLAIN (FORMAT JSON) ${statement}`;
      });
      return planNodes(explained!['QUERY PLAN'][0].Plan);
    };
    // At ten million entries the planner read a whole week through the recorded_at index and sorted it for
    // one page (45 ms). With one day as small a part of this log, it does the same here once sequential scans
    // are out (as the log's size puts them): below the page's limit there must be no bitmap and no sort.
    const walked = (await plan(['enable_seqscan'])).filter((n) => n['Node Type'] === 'Limit').flatMap(planNodes);
    expect(walked.filter((n) => n['Node Type'] === 'Sort' || n['Node Type'] === 'Bitmap Heap Scan')).toEqual([]);
    // The exact time test sits outside the scan, so no cost estimate can bring the time index back: not
    // even with the plain index scans taken away.
    const cornered = await plan(['enable_seqscan', 'enable_indexscan']);
    expect(cornered.filter((n) => n['Index Name'] === 'consent_log_recorded_at_idx')).toEqual([]);
  });

  it('finds every entry of a time range, also one whose time is out of order with its sequence number', async () => {
    const { prisma } = database();
    const officer = actorFor(
      await createAccount(prisma, {
        kind: 'COMPLIANCE',
        loginName: `officer.time.${kind}`,
        displayName: 'Prüferin',
        password: TEST_PASSWORD,
      }),
    );
    // 3,000 entries a minute apart from 2020-03-01 (three blocks of the time index), then one that
    // was recorded on 2020-03-01 but joins the chain last (a transaction that committed late).
    await prisma.$executeRaw`
      INSERT INTO consent_log_queue (recorded_at, event_type, payload)
      SELECT timestamptz '2020-03-01 12:00:00+00' + n * interval '1 minute', 'auth.login', '{"channel":"test"}'::jsonb FROM generate_series(1, 3000) AS n`;
    await prisma.$executeRaw`INSERT INTO consent_log_queue (recorded_at, event_type, payload) VALUES (timestamptz '2020-03-01 12:30:00+00', 'auth.logout', '{"late":true}'::jsonb)`;
    await integrateQueuedEntries(prisma);
    const firstDay = (await searchLog(prisma, officer, filter({ from: '2020-03-01', to: '2020-03-01' }), {}, 1000))!;
    // 12:01 to 23:59 Berlin time (UTC+1): 659 entries, and the late one.
    expect(firstDay.entries).toHaveLength(660);
    expect(firstDay.entries[0]!.eventType).toBe(LOG_EVENT.logout);
    const secondDay = (await searchLog(prisma, officer, filter({ from: '2020-03-02', to: '2020-03-02' }), {}, 2000))!;
    expect(secondDay.entries).toHaveLength(1440);
    expect(secondDay.entries.every((e) => utcToBerlinFields(e.recordedAt).date === '2020-03-02')).toBe(true);
    expect((await searchLog(prisma, officer, filter({ from: '2019-01-01', to: '2019-12-31' })))!.entries).toEqual([]);
  });
});
