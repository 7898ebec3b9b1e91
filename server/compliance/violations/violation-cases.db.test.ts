import { expect, it } from 'vitest';
import { createAccount } from '@/prisma/seed/factories';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import { integrateQueuedEntries } from '@/server/audit-log/integrate-entries';
import { performCallAction } from '@/server/call/call-actions';
import { overviewStats } from '@/server/compliance/overview-stats';
import { closeCase, startInvestigation } from '@/server/compliance/violations/case-actions';
import { raiseOverdueStops } from '@/server/compliance/violations/raise-overdue-stops';
import { countUnclosedCases, getViolationCase, listViolationCases } from '@/server/compliance/violations/violation-cases';
import { withdrawConsent } from '@/server/consent/withdraw-consent';
import { sha256Hex } from '@/server/crypto/sha256';
import { describeEachDatabase, useTestDatabase } from '@/tests/database';
import { TEST_PASSWORD, actorFor, createScenario, giveConsent } from '@/tests/scenario';

describeEachDatabase('violation cases', (kind) => {
  const database = useTestDatabase(kind);

  it('raises a case when a demanded stop goes unconfirmed, once; an officer takes it and closes it with a note, all logged', async () => {
    const { prisma } = database();
    const s = await createScenario(prisma);
    const officer = actorFor(
      await createAccount(prisma, {
        kind: 'COMPLIANCE',
        loginName: `officer.case.${kind}`,
        displayName: 'Prüferin Case',
        password: TEST_PASSWORD,
      }),
    );
    const colleague = actorFor(
      await createAccount(prisma, {
        kind: 'COMPLIANCE',
        loginName: `officer.case2.${kind}`,
        displayName: 'Prüfer Zwei',
        password: TEST_PASSWORD,
      }),
    );
    await giveConsent(prisma, s, { recording: true });
    const advisor = actorFor(s.advisor);
    await performCallAction(advisor, s.onOwn.id, 'start-call');
    expect(await performCallAction(advisor, s.onOwn.id, 'start-recording')).toMatchObject({ kind: 'done' });
    await withdrawConsent(actorFor(s.member), { consultationId: s.onOwn.id, scope: 'recording' });
    const { recordingStopDueAt } = await prisma.consultation.findUniqueOrThrow({
      where: { id: s.onOwn.id },
      select: { recordingStopDueAt: true },
    });

    expect(await raiseOverdueStops(prisma, new Date(recordingStopDueAt!.getTime() - 1)), 'not yet due').toBe(0);
    const late = new Date(recordingStopDueAt!.getTime() + 1);
    expect(await raiseOverdueStops(prisma, late)).toBe(1);
    expect(await raiseOverdueStops(prisma, late), 'one case per demand').toBe(0);

    const listed = (await listViolationCases(prisma, officer))!;
    const raised = listed.cases.find((c) => c.consultationId === s.onOwn.id)!;
    expect(raised).toMatchObject({ kind: 'STOP_NOT_CONFIRMED', status: 'OPEN', externalRef: recordingStopDueAt!.toISOString() });
    expect(await countUnclosedCases(prisma, officer)).toBeGreaterThanOrEqual(1);

    expect(await listViolationCases(prisma, advisor)).toBeNull();
    expect(await startInvestigation(prisma, advisor, raised.id)).toBe('not-found');
    expect(await startInvestigation(prisma, officer, raised.id)).toBe('done');
    expect(await startInvestigation(prisma, colleague, raised.id), 'taken already').toBe('wrong-state');
    expect(await getViolationCase(prisma, officer, raised.id)).toMatchObject({
      status: 'INVESTIGATING',
      investigatorName: 'Prüferin Case',
    });

    const note = 'Beraterin hat die Aufzeichnung zu spät beendet; Schulung veranlasst.';
    await expect(closeCase(prisma, colleague, raised.id, 'kurz')).rejects.toThrow();
    expect(await closeCase(prisma, colleague, raised.id, note)).toBe('done');
    expect(await closeCase(prisma, officer, raised.id, note), 'closed already').toBe('wrong-state');
    expect(await getViolationCase(prisma, officer, raised.id)).toMatchObject({
      status: 'CLOSED',
      closingNote: note,
      closedByName: 'Prüfer Zwei',
    });

    await integrateQueuedEntries(prisma);
    const entries = await prisma.logEntry.findMany({
      where: {
        consultationId: s.onOwn.id,
        eventType: { in: [LOG_EVENT.stopNotConfirmed, LOG_EVENT.caseInvestigationStarted, LOG_EVENT.caseClosed] },
      },
      orderBy: { seq: 'asc' },
      select: { eventType: true, payload: true },
    });
    expect(entries.map((e) => e.eventType)).toEqual([LOG_EVENT.stopNotConfirmed, LOG_EVENT.caseInvestigationStarted, LOG_EVENT.caseClosed]);
    // The chain commits to the note without holding its words.
    expect(entries[2]!.payload).toEqual({
      violationId: raised.id,
      kind: 'STOP_NOT_CONFIRMED',
      noteSha256: sha256Hex(note),
      channel: 'web',
    });

    // The overview counts today's consent with recording, and the violation.
    const stats = (await overviewStats(prisma, officer, { serviceId: s.services.own.id }))!;
    expect(stats.days).toHaveLength(30);
    expect(stats.totals).toMatchObject({ given: 1, withRecording: 1, withdrawn: 1, violations: 1 });
    expect((await overviewStats(prisma, officer, { serviceId: s.services.thirdParty.id }))!.totals.given).toBe(0);
    expect(await overviewStats(prisma, advisor)).toBeNull();
  });
});
