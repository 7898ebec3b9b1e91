import { expect, it } from 'vitest';
import { publishDisclosure } from '@/prisma/seed/factories';
import { integrateQueuedEntries } from '@/server/audit-log/integrate-entries';
import { listConsentHistory } from '@/server/consent/consent-history';
import { withdrawConsent } from '@/server/consent/withdraw-consent';
import { describeEachDatabase, useTestDatabase } from '@/tests/database';
import { actorFor, createScenario, giveConsent } from '@/tests/scenario';

describeEachDatabase('consent history in the data layer', (kind) => {
  const database = useTestDatabase(kind);

  /** Queue ids of the log entries of one consultation and event type, queued or in the chain. */
  async function queueIdsOf(consultationId: string, eventType: string): Promise<bigint[]> {
    const prisma = database().prisma;
    const queued = await prisma.logQueueEntry.findMany({ where: { consultationId, eventType }, select: { id: true } });
    const integrated = await prisma.logEntry.findMany({ where: { consultationId, eventType }, select: { queueId: true } });
    return [...new Set([...queued.map((q) => q.id), ...integrated.map((e) => e.queueId)])].sort();
  }

  it('lists every decision and withdrawal over time, each with its log entry, and what can be withdrawn now', async () => {
    const s = await createScenario(database().prisma);
    const actor = actorFor(s.member);
    await giveConsent(database().prisma, s, { recording: true });

    let history = await listConsentHistory(database().prisma, actor);
    expect(history.map((c) => c.id)).toEqual([s.onOwn.id, s.onThirdParty.id]);
    const own = () => history.find((c) => c.id === s.onOwn.id)!;
    expect(own()).toMatchObject({
      status: 'given-with-recording',
      withdrawable: { all: true, recording: true },
      mayDecide: false,
      serviceName: 'Kassen-Video',
    });
    expect(own().events).toMatchObject([
      { kind: 'given', disclosureVersion: 1, language: 'de', choices: { transmission: true, recording: true } },
    ]);
    expect(history.find((c) => c.id === s.onThirdParty.id)).toMatchObject({
      status: 'unanswered',
      events: [],
      withdrawable: { all: false },
      mayDecide: true,
    });

    // Withdrawing from the history is the same one step as on the consultation's page.
    expect(await withdrawConsent(actor, { consultationId: s.onOwn.id, scope: 'recording' })).toEqual({ kind: 'withdrawn' });
    await integrateQueuedEntries(database().prisma); // one withdrawal in the chain, the next one still queued
    expect(await withdrawConsent(actor, { consultationId: s.onOwn.id, scope: 'all' })).toEqual({ kind: 'withdrawn' });
    history = await listConsentHistory(database().prisma, actor);
    expect(own()).toMatchObject({ status: 'withdrawn', withdrawable: { all: false, recording: false }, mayDecide: true });
    expect(own().events.map((e) => e.kind)).toEqual(['given', 'recording-withdrawn', 'withdrawn']);
    expect(own().events.map((e) => e.queueId)).toEqual([
      ...(await queueIdsOf(s.onOwn.id, 'consent.given')),
      ...(await queueIdsOf(s.onOwn.id, 'consent.recording_withdrawn')),
      ...(await queueIdsOf(s.onOwn.id, 'consent.withdrawn')),
    ]);
    const decision = await database().prisma.consentDecision.findFirstOrThrow({ where: { consultationId: s.onOwn.id } });
    expect(own().events[2]!.at).toEqual(decision.withdrawnAt);
    expect(own().events[1]!.at).toEqual(decision.recordingWithdrawnAt);

    // Given again: a new decision, the old one stays in the history.
    await giveConsent(database().prisma, s, { recording: false });
    history = await listConsentHistory(database().prisma, actor);
    expect(own().events.map((e) => e.kind)).toEqual(['given', 'recording-withdrawn', 'withdrawn', 'given']);
    expect(own()).toMatchObject({ status: 'given', withdrawable: { all: true, recording: false } });
  });

  it('shows a consent on an older disclosure as outdated, still withdrawable, and asks for a new decision', async () => {
    const s = await createScenario(database().prisma);
    await giveConsent(database().prisma, s, { recording: false });
    await publishDisclosure(database().prisma, {
      videoServiceId: s.services.own.id,
      language: 'de',
      title: 'Neue Hinweise',
      body: 'Ein neuer Text für alle, die per Video beraten werden.',
    });
    const own = (await listConsentHistory(database().prisma, actorFor(s.member))).find((c) => c.id === s.onOwn.id)!;
    expect(own).toMatchObject({ status: 'outdated', withdrawable: { all: true }, mayDecide: true });
  });

  it("never lists another member's consultations, decisions or withdrawals, and offers nothing on a cancelled one", async () => {
    const s = await createScenario(database().prisma);
    const other = await createScenario(database().prisma, s.services);
    await giveConsent(database().prisma, other, { recording: true });
    await withdrawConsent(actorFor(other.member), { consultationId: other.onOwn.id, scope: 'recording' });

    const history = await listConsentHistory(database().prisma, actorFor(s.member));
    expect(history.map((c) => c.id).sort()).toEqual([s.onOwn.id, s.onThirdParty.id].sort());
    expect(history.flatMap((c) => c.events)).toEqual([]);
    // Nor can the member withdraw the other member's consent.
    expect(await withdrawConsent(actorFor(s.member), { consultationId: other.onOwn.id, scope: 'all' })).toEqual({ kind: 'not-found' });
    // Advisors have no consent history.
    expect(await listConsentHistory(database().prisma, actorFor(s.advisor))).toEqual([]);

    await giveConsent(database().prisma, s, { recording: false });
    await database().prisma.consultation.update({ where: { id: s.onOwn.id }, data: { cancelledAt: new Date() } });
    const cancelled = (await listConsentHistory(database().prisma, actorFor(s.member))).find((c) => c.id === s.onOwn.id)!;
    expect(cancelled).toMatchObject({ cancelled: true, withdrawable: { all: false, recording: false }, mayDecide: false });
  });
});
