import { jwtVerify } from 'jose';
import { expect, it } from 'vitest';
import { recordingViolation, getAdvisorConsultation } from '@/server/call/advisor-consultation';
import { performCallAction } from '@/server/call/call-actions';
import { authorizeJoin } from '@/server/consent/authorize-join';
import { withdrawConsent } from '@/server/consent/withdraw-consent';
import { cancelConsultation, handOverConsultation } from '@/server/scheduling/schedule-consultation';
import { describeEachDatabase, useTestDatabase } from '@/tests/database';
import { actorFor, createScenario, giveConsent } from '@/tests/scenario';

describeEachDatabase("the advisor's call and recording", (kind) => {
  const database = useTestDatabase(kind);

  const consent = (s: Awaited<ReturnType<typeof createScenario>>, recording: boolean) => giveConsent(database().prisma, s, { recording });

  /** The consultation's log: event, who acted, and the reason where one was given. */
  async function log(consultationId: string) {
    const entries = await database().prisma.logQueueEntry.findMany({ where: { consultationId }, orderBy: { id: 'asc' } });
    const personal = await database().prisma.logEntryPersonal.findMany({ where: { queueId: { in: entries.map((e) => e.id) } } });
    return entries.map((e) => ({
      event: e.eventType,
      actor: (personal.find((p) => p.queueId === e.id)?.data as { actorId?: string } | undefined)?.actorId,
      reason: (e.payload as { reason?: string }).reason,
    }));
  }

  it('starts neither call nor recording without consent, and logs each refusal with the advisor', async () => {
    const s = await createScenario(database().prisma);
    const advisor = actorFor(s.advisor);
    expect(await performCallAction(advisor, s.onOwn.id, 'start-call')).toEqual({
      kind: 'denied',
      action: 'start-call',
      reason: 'no-consent',
    });
    expect(await performCallAction(advisor, s.onOwn.id, 'start-recording')).toEqual({
      kind: 'denied',
      action: 'start-recording',
      reason: 'call-not-started',
    });
    expect(await log(s.onOwn.id)).toEqual([
      { event: 'call.start_denied', actor: s.advisor.id, reason: 'no-consent' },
      { event: 'recording.start_denied', actor: s.advisor.id, reason: 'call-not-started' },
    ]);
    expect((await getAdvisorConsultation(database().prisma, advisor, s.onOwn.id))?.callStartedAt).toBeNull();
  });

  it('starts the call with consent, but recording only with the separate opt-in', async () => {
    const s = await createScenario(database().prisma);
    const advisor = actorFor(s.advisor);
    await consent(s, false);
    // A plain link's service may record on its own: without the member's opt-in the advisor confirms it is off.
    expect(await performCallAction(advisor, s.onOwn.id, 'start-call')).toEqual({
      kind: 'denied',
      action: 'start-call',
      reason: 'recording-off-unconfirmed',
    });
    expect(await performCallAction(advisor, s.onOwn.id, 'start-call', { recordingOffConfirmed: true })).toEqual({
      kind: 'done',
      action: 'start-call',
      url: `https://video.kasse.example/${s.onOwn.room}`,
    });
    const allowed = await database().prisma.logQueueEntry.findFirstOrThrow({
      where: { consultationId: s.onOwn.id, eventType: 'call.start_allowed' },
    });
    expect(allowed.payload).toMatchObject({ recordingOffConfirmed: true });
    expect(await performCallAction(advisor, s.onOwn.id, 'start-recording')).toEqual({
      kind: 'denied',
      action: 'start-recording',
      reason: 'no-recording-consent',
    });
    expect(await performCallAction(advisor, s.onOwn.id, 'stop-recording')).toEqual({
      kind: 'denied',
      action: 'stop-recording',
      reason: 'not-recording',
    });
    const call = await getAdvisorConsultation(database().prisma, advisor, s.onOwn.id);
    expect(call).toMatchObject({ recordingState: 'OFF' });
    expect(call?.callStartedAt).toBeInstanceOf(Date);
  });

  it('stops recording when the member withdraws it: demanded, confirmed, never restarted', async () => {
    const s = await createScenario(database().prisma);
    const advisor = actorFor(s.advisor);
    await consent(s, true);
    await performCallAction(advisor, s.onOwn.id, 'start-call');
    expect(await performCallAction(advisor, s.onOwn.id, 'start-recording')).toMatchObject({ kind: 'done' });
    expect(await performCallAction(advisor, s.onOwn.id, 'start-recording')).toMatchObject({ kind: 'denied', reason: 'already-recording' });

    expect(await withdrawConsent(actorFor(s.member), { consultationId: s.onOwn.id, scope: 'recording' })).toEqual({ kind: 'withdrawn' });
    const demanded = (await getAdvisorConsultation(database().prisma, advisor, s.onOwn.id))!;
    expect(demanded.recordingState).toBe('RECORDING');
    expect(demanded.recordingStopDueAt).toBeInstanceOf(Date);
    expect(recordingViolation(demanded), 'within the grace period').toBe(false);
    expect(recordingViolation(demanded, new Date(demanded.recordingStopDueAt!.getTime() + 1)), 'after it').toBe(true);

    expect(await performCallAction(advisor, s.onOwn.id, 'stop-recording')).toMatchObject({ kind: 'done' });
    expect(await getAdvisorConsultation(database().prisma, advisor, s.onOwn.id)).toMatchObject({
      recordingState: 'STOPPED',
      recordingStopDueAt: null,
    });
    expect(await performCallAction(advisor, s.onOwn.id, 'start-recording')).toMatchObject({
      kind: 'denied',
      reason: 'recording-withdrawn',
    });
    // The call itself may go on: only recording was withdrawn.
    expect(await performCallAction(advisor, s.onOwn.id, 'start-call', { recordingOffConfirmed: true })).toMatchObject({ kind: 'done' });

    expect((await log(s.onOwn.id)).map((e) => e.event)).toEqual([
      'consent.given',
      'call.start_allowed',
      'recording.started',
      'recording.start_denied',
      'consent.recording_withdrawn',
      'recording.stop_demanded',
      'recording.stopped',
      'recording.start_denied',
      'call.start_allowed',
    ]);
    const stopped = await database().prisma.logQueueEntry.findFirstOrThrow({
      where: { consultationId: s.onOwn.id, eventType: 'recording.stopped' },
    });
    expect(stopped.payload).toMatchObject({ demanded: true, late: false });
  });

  it("answers another advisor's consultation as not found and logs the attempt without linking it", async () => {
    const s = await createScenario(database().prisma);
    const colleague = await createScenario(database().prisma, s.services);
    const before = await database().prisma.logQueueEntry.count({ where: { consultationId: null, eventType: 'call.start_denied' } });
    expect(await performCallAction(actorFor(colleague.advisor), s.onOwn.id, 'start-call')).toEqual({ kind: 'not-found' });
    expect(await performCallAction(actorFor(s.member), s.onOwn.id, 'start-call')).toEqual({ kind: 'not-found' });
    expect(await database().prisma.logQueueEntry.count({ where: { consultationId: null, eventType: 'call.start_denied' } })).toBe(
      before + 2,
    );
    expect(await log(s.onOwn.id)).toEqual([]);
  });

  it('hands out Jitsi join tokens that carry the consent: the member never moderates, the advisor records only with the opt-in', async () => {
    const s = await createScenario(database().prisma);
    await database().prisma.videoService.update({
      where: { id: s.services.own.id },
      data: { access: 'JITSI_JWT', jitsiAppId: 'consent-gateway', joinUrlTemplate: 'https://meet.kasse.example/{room}' },
    });
    await consent(s, false);
    const secret = new TextEncoder().encode(process.env.JITSI_APP_SECRET);
    const claimsOf = async (url: string) => {
      const parsed = new URL(url);
      expect(parsed.origin + parsed.pathname).toBe(`https://meet.kasse.example/${s.onOwn.room}`);
      const { payload } = await jwtVerify(parsed.searchParams.get('jwt')!, secret, { audience: 'jitsi', issuer: 'consent-gateway' });
      return payload as { room: string; context: { user: { id: string; moderator: string }; features: { recording: string } } };
    };

    const join = await authorizeJoin(actorFor(s.member), s.onOwn.id);
    expect(join.allowed).toBe(true);
    expect(await claimsOf((join as { url: string }).url)).toMatchObject({
      room: s.onOwn.room,
      context: { user: { id: s.member.id, moderator: 'false' }, features: { recording: 'false' } },
    });
    const start = await performCallAction(actorFor(s.advisor), s.onOwn.id, 'start-call');
    expect(await claimsOf((start as { url: string }).url)).toMatchObject({
      context: { user: { id: s.advisor.id, moderator: 'true' }, features: { recording: 'false' } },
    });

    // With the recording opt-in (a new decision), the advisor's token allows recording.
    await consent(s, true);
    const again = await performCallAction(actorFor(s.advisor), s.onOwn.id, 'start-call');
    expect((await claimsOf((again as { url: string }).url)).context.features.recording).toBe('true');
  });

  it('demands the stop of a running recording whatever ends its permission, once, with the first deadline', async () => {
    const recordingCall = async () => {
      const s = await createScenario(database().prisma);
      await consent(s, true);
      await performCallAction(actorFor(s.advisor), s.onOwn.id, 'start-call');
      expect(await performCallAction(actorFor(s.advisor), s.onOwn.id, 'start-recording')).toMatchObject({ kind: 'done' });
      return s;
    };
    const demands = async (id: string) =>
      (await database().prisma.logQueueEntry.findMany({ where: { consultationId: id, eventType: 'recording.stop_demanded' } })).map(
        (e) => (e.payload as { cause: string }).cause,
      );
    const dueOf = async (id: string) => (await database().prisma.consultation.findUniqueOrThrow({ where: { id } })).recordingStopDueAt;

    const withdrawn = await recordingCall();
    await withdrawConsent(actorFor(withdrawn.member), { consultationId: withdrawn.onOwn.id, scope: 'recording' });
    const first = await dueOf(withdrawn.onOwn.id);
    await withdrawConsent(actorFor(withdrawn.member), { consultationId: withdrawn.onOwn.id, scope: 'all' });
    expect(await dueOf(withdrawn.onOwn.id), 'a second withdrawal does not extend the deadline').toEqual(first);
    expect(await demands(withdrawn.onOwn.id)).toEqual(['recording-withdrawn']);

    const cancelled = await recordingCall();
    await cancelConsultation(actorFor(cancelled.member), cancelled.onOwn.id);
    expect(await demands(cancelled.onOwn.id)).toEqual(['cancelled']);

    const colleague = await createScenario(database().prisma, cancelled.services);
    const running = await recordingCall();
    expect(
      await handOverConsultation(actorFor(running.advisor), running.onOwn.id, colleague.advisor.id),
      'not handed on mid-recording',
    ).toEqual({ kind: 'recording' });

    const decidedAgain = await recordingCall();
    await consent(decidedAgain, false);
    expect(await demands(decidedAgain.onOwn.id)).toEqual(['new-decision']);
    expect(
      recordingViolation((await getAdvisorConsultation(database().prisma, actorFor(decidedAgain.advisor), decidedAgain.onOwn.id))!),
    ).toBe(false);
  });
});
