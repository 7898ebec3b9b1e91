import { expect, it } from 'vitest';
import { getAdvisorConsultation } from '@/server/call/advisor-consultation';
import { performCallAction } from '@/server/call/call-actions';
import { CALL_END_GRACE_MS, callEndOverdue, callPhase, confirmCallEnded } from '@/server/call/call-end';
import { raiseOverdueCallEnds } from '@/server/compliance/violations/raise-overdue-stops';
import { lockConsultation } from '@/server/consultation/lock-consultation';
import { withdrawConsent } from '@/server/consent/withdraw-consent';
import { cancelConsultation, rescheduleConsultation } from '@/server/scheduling/schedule-consultation';
import { describeEachDatabase, useTestDatabase } from '@/tests/database';
import { actorFor, createScenario, giveConsent } from '@/tests/scenario';

describeEachDatabase('a call that may no longer go on', (kind) => {
  const database = useTestDatabase(kind);
  const prisma = () => database().prisma;

  /** A consultation on the plain-link service (which the gateway cannot end), its call running. */
  async function runningCall() {
    const s = await createScenario(prisma());
    await giveConsent(prisma(), s, { recording: false });
    const advisor = actorFor(s.advisor);
    expect(await performCallAction(advisor, s.onOwn.id, 'start-call', { recordingOffConfirmed: true })).toMatchObject({ kind: 'done' });
    return { s, advisor, member: actorFor(s.member) };
  }

  async function events(consultationId: string) {
    const rows = await prisma().logQueueEntry.findMany({
      where: { consultationId, eventType: { startsWith: 'call.' } },
      orderBy: { id: 'asc' },
    });
    return rows.map((r) => ({ event: r.eventType, payload: r.payload as Record<string, unknown> }));
  }

  const phaseOf = async (advisor: ReturnType<typeof actorFor>, id: string) => {
    const call = (await getAdvisorConsultation(prisma(), advisor, id))!;
    return { phase: callPhase(call), overdue: callEndOverdue(call, new Date(Date.now() + CALL_END_GRACE_MS + 1000)) };
  };

  it('demands the end of a running call when the advisor moves the consultation to another service, also with a new time', async () => {
    const { s, advisor } = await runningCall();
    const current = await prisma().consultation.findUniqueOrThrow({ where: { id: s.onOwn.id } });
    const later = new Date(current.startsAt.getTime() + 24 * 60 * 60 * 1000);
    const day = later.toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
    const time = later.toLocaleTimeString('de-DE', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' });
    const form = {
      topic: current.topic,
      date: day,
      time,
      durationMinutes: String(current.durationMinutes),
      videoServiceId: s.services.thirdParty.id,
    };
    expect(await rescheduleConsultation(advisor, s.onOwn.id, form)).toEqual({ kind: 'rescheduled' });
    // The new time does not hide the call that runs on the old service: it must end, and is overdue if unconfirmed.
    expect(await phaseOf(advisor, s.onOwn.id)).toEqual({ phase: 'must-end', overdue: true });
    const demanded = (await events(s.onOwn.id)).find((e) => e.event === 'call.end_demanded');
    expect(demanded?.payload).toMatchObject({ cause: 'service-changed', control: 'advisor-declaration' });
    expect(await confirmCallEnded(advisor, s.onOwn.id)).toEqual({ kind: 'confirmed', late: false });
  });

  it('demands the end of a running call when the member withdraws; the advisor confirms it, once', async () => {
    const { s, advisor, member } = await runningCall();
    expect(await phaseOf(advisor, s.onOwn.id)).toEqual({ phase: 'running', overdue: false });

    expect(await withdrawConsent(member, { consultationId: s.onOwn.id, scope: 'all' })).toEqual({ kind: 'withdrawn' });
    expect(await phaseOf(advisor, s.onOwn.id)).toEqual({ phase: 'must-end', overdue: true });
    const demanded = (await events(s.onOwn.id)).find((e) => e.event === 'call.end_demanded');
    expect(demanded?.payload).toMatchObject({ cause: 'withdrawn', control: 'advisor-declaration', channel: 'web' });

    // Nobody else confirms it: another advisor's attempt finds nothing.
    const other = await createScenario(prisma());
    expect(await confirmCallEnded(actorFor(other.advisor), s.onOwn.id)).toEqual({ kind: 'not-found' });
    expect(await confirmCallEnded(member, s.onOwn.id)).toEqual({ kind: 'not-found' });

    expect(await confirmCallEnded(advisor, s.onOwn.id)).toEqual({ kind: 'confirmed', late: false });
    expect(await confirmCallEnded(advisor, s.onOwn.id)).toEqual({ kind: 'not-running' });
    expect(await phaseOf(advisor, s.onOwn.id)).toEqual({ phase: 'ended', overdue: false });
    const ended = (await events(s.onOwn.id)).filter((e) => e.event === 'call.ended');
    expect(ended.map((e) => e.payload)).toEqual([expect.objectContaining({ by: 'advisor', demanded: true, late: false })]);
    // Confirmed in time: no violation, whenever the sweep runs.
    expect(await raiseOverdueCallEnds(prisma(), new Date(Date.now() + 10 * CALL_END_GRACE_MS))).toBe(0);
  });

  it('raises a "call not ended" case once per demand when the deadline passes unconfirmed; a late confirmation says so', async () => {
    const { s, advisor, member } = await runningCall();
    await withdrawConsent(member, { consultationId: s.onOwn.id, scope: 'all' });
    expect(await raiseOverdueCallEnds(prisma(), new Date()), 'not yet due').toBe(0);
    const later = new Date(Date.now() + CALL_END_GRACE_MS + 1000);
    expect(await raiseOverdueCallEnds(prisma(), later)).toBe(1);
    expect(await raiseOverdueCallEnds(prisma(), later), 'once per demand').toBe(0);
    const cases = await prisma().violation.findMany({ where: { consultationId: s.onOwn.id } });
    expect(cases.map((c) => [c.kind, c.status])).toEqual([['CALL_NOT_ENDED', 'OPEN']]);
    expect((await events(s.onOwn.id)).map((e) => e.event)).toContain('call.not_ended');

    await prisma().consultation.update({ where: { id: s.onOwn.id }, data: { callEndDueAt: new Date(Date.now() - 1000) } });
    expect(await confirmCallEnded(advisor, s.onOwn.id)).toEqual({ kind: 'confirmed', late: true });
  });

  it('demands nothing of a call not started, or only recording withdrawn; a cancellation ends a running call too', async () => {
    const s = await createScenario(prisma());
    await giveConsent(prisma(), s, { recording: true });
    const member = actorFor(s.member);
    await withdrawConsent(member, { consultationId: s.onOwn.id, scope: 'all' });
    expect((await events(s.onOwn.id)).map((e) => e.event)).not.toContain('call.end_demanded');

    const recordingOnly = await runningCall();
    await giveConsent(prisma(), recordingOnly.s, { recording: true });
    await withdrawConsent(recordingOnly.member, { consultationId: recordingOnly.s.onOwn.id, scope: 'recording' });
    expect(await phaseOf(recordingOnly.advisor, recordingOnly.s.onOwn.id)).toMatchObject({ phase: 'running' });

    const cancelled = await runningCall();
    expect(await cancelConsultation(cancelled.member, cancelled.s.onOwn.id)).toEqual({ kind: 'cancelled' });
    expect(await phaseOf(cancelled.advisor, cancelled.s.onOwn.id)).toMatchObject({ phase: 'must-end' });
  });

  it('waits for the consultation lock: an end recorded meanwhile (another tab) is not recorded again', async () => {
    const { s, advisor, member } = await runningCall();
    await withdrawConsent(member, { consultationId: s.onOwn.id, scope: 'all' });
    // Another transaction holds the consultation's lock and ends the call while the confirmation is under way.
    const { confirming } = await prisma().$transaction(async (tx) => {
      await lockConsultation(tx, s.onOwn.id);
      const started = confirmCallEnded(advisor, s.onOwn.id);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await tx.consultation.update({ where: { id: s.onOwn.id }, data: { callEndedAt: new Date(), callEndDueAt: null } });
      return { confirming: started };
    });
    expect(await confirming).toEqual({ kind: 'not-running' });
    expect((await events(s.onOwn.id)).filter((e) => e.event === 'call.ended')).toHaveLength(0);
  });

  it('runs again, with nothing demanded, once the call is started again after a new consent', async () => {
    const { s, advisor, member } = await runningCall();
    await withdrawConsent(member, { consultationId: s.onOwn.id, scope: 'all' });
    await confirmCallEnded(advisor, s.onOwn.id);
    await giveConsent(prisma(), s, { recording: false });
    expect(await performCallAction(advisor, s.onOwn.id, 'start-call', { recordingOffConfirmed: true })).toMatchObject({ kind: 'done' });
    expect(await phaseOf(advisor, s.onOwn.id)).toEqual({ phase: 'running', overdue: false });
  });
});
