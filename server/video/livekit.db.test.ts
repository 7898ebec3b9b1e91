import { jwtVerify } from 'jose';
import { EgressClient, EgressInfo, EgressStatus, WebhookEvent } from 'livekit-server-sdk';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { getAdvisorConsultation } from '@/server/call/advisor-consultation';
import { performCallAction } from '@/server/call/call-actions';
import { authorizeJoin } from '@/server/consent/authorize-join';
import { withdrawConsent } from '@/server/consent/withdraw-consent';
import { JOIN_TOKEN_SECONDS } from '@/server/video/participant';
import { handleLiveKitWebhook } from '@/server/call/livekit-webhook';
import { describeEachDatabase, useTestDatabase } from '@/tests/database';
import { type TLiveKitApi, startLiveKitApi } from '@/tests/livekit-api-server';
import { actorFor, createScenario, giveConsent } from '@/tests/scenario';

const KEY = process.env.LIVEKIT_API_KEY!;
const SECRET = process.env.LIVEKIT_API_SECRET!;
let api: TLiveKitApi;

beforeAll(async () => {
  api = await startLiveKitApi({ apiKey: KEY, apiSecret: SECRET, port: Number(new URL(process.env.LIVEKIT_API_URL!).port) });
});
afterAll(() => api.close());
beforeEach(() => api.reset());

/** As LiveKit checks a join token: HS256 with the API secret, issued by our key, within its validity. */
async function asLiveKit(url: string, at = new Date()) {
  const token = new URL(url).searchParams.get('token')!;
  const { payload } = await jwtVerify(token, new TextEncoder().encode(SECRET), { issuer: KEY, algorithms: ['HS256'], currentDate: at });
  return payload as { sub: string; name: string; exp: number; nbf: number; video: Record<string, unknown> };
}

function webhookBody(
  event: string,
  egressId: string,
  roomName: string,
  status = EgressStatus.EGRESS_ACTIVE,
  id = `EV_${crypto.randomUUID()}`,
) {
  const delivery = new WebhookEvent({
    id,
    createdAt: BigInt(Math.floor(Date.now() / 1000)),
    egressInfo: new EgressInfo({ egressId, roomName, status }),
  });
  // The SDK's subclass initialises `event` after the constructor has set it.
  delivery.event = event as WebhookEvent['event'];
  return delivery.toJsonString();
}

describeEachDatabase('LiveKit: tokens, recordings, rooms and reports', (kind) => {
  const database = useTestDatabase(kind);

  /** A consultation on a LiveKit service, consented (with or without recording), its call started with both in the room. */
  async function liveKitCall(recording: boolean) {
    const { prisma } = database();
    const s = await createScenario(prisma);
    await prisma.videoService.update({
      where: { id: s.services.own.id },
      data: { access: 'LIVEKIT', joinUrlTemplate: 'https://video.kasse.example/rooms/{room}' },
    });
    await giveConsent(prisma, s, { recording });
    api.openRoom(s.onOwn.room, [s.member.id, s.advisor.id]);
    const start = await performCallAction(actorFor(s.advisor), s.onOwn.id, 'start-call');
    expect(start.kind).toBe('done');
    return { s, advisor: actorFor(s.advisor), advisorUrl: (start as { url: string }).url };
  }

  const events = async (consultationId: string) =>
    (await database().prisma.logQueueEntry.findMany({ where: { consultationId }, orderBy: { id: 'asc' } })).map((e) => ({
      event: e.eventType,
      ...(e.payload as object),
    }));
  const callState = async (s: { onOwn: { id: string } }) => database().prisma.consultation.findUniqueOrThrow({ where: { id: s.onOwn.id } });

  it('hands out access tokens for one room that never carry the (room-independent) recording grant', async () => {
    const { s, advisorUrl } = await liveKitCall(false);
    const join = await authorizeJoin(actorFor(s.member), s.onOwn.id);
    const memberUrl = (join as { url: string }).url;
    expect(memberUrl.startsWith(`https://video.kasse.example/rooms/${s.onOwn.room}?token=`)).toBe(true);
    const member = await asLiveKit(memberUrl);
    expect(member).toMatchObject({ sub: s.member.id, video: { room: s.onOwn.room, roomJoin: true, roomRecord: false } });
    expect(member.video.roomAdmin).toBeUndefined();
    expect(member.exp - member.nbf).toBe(JOIN_TOKEN_SECONDS);
    expect((await asLiveKit(advisorUrl)).video).toMatchObject({ roomJoin: true, roomRecord: false });
    // Expired tokens fail LiveKit's check: a rejoin has to come back through the gateway's consent check.
    await expect(asLiveKit(memberUrl, new Date(Date.now() + (JOIN_TOKEN_SECONDS + 60) * 1000))).rejects.toThrow(/exp/);

    // Even with the recording opt-in: LiveKit does not scope roomRecord to the room, so recordings start only through the gateway.
    await giveConsent(database().prisma, s, { recording: true });
    const again = await performCallAction(actorFor(s.advisor), s.onOwn.id, 'start-call');
    expect((await asLiveKit((again as { url: string }).url)).video).toMatchObject({ roomJoin: true, roomRecord: false });
  });

  it('the loopback API refuses calls without the right token, as LiveKit does', async () => {
    const forged = new EgressClient(api.url, KEY, 'another-secret-another-secret-0123456789', { failover: false });
    await expect(forged.listEgress({ roomName: 'x' })).rejects.toMatchObject({ status: 401 });
    expect(api.rejected).toEqual([{ path: '/twirp/livekit.Egress/ListEgress', status: 401, code: 'unauthenticated' }]);
    expect(api.calls).toEqual([]);
  });

  it('starts a room recording through the egress API only with the recording opt-in', async () => {
    const without = await liveKitCall(false);
    expect(await performCallAction(without.advisor, without.s.onOwn.id, 'start-recording')).toMatchObject({
      kind: 'denied',
      reason: 'no-recording-consent',
    });
    expect(api.calls, 'no API call without consent').toEqual([]);

    const { s, advisor } = await liveKitCall(true);
    expect(await performCallAction(advisor, s.onOwn.id, 'start-recording')).toMatchObject({ kind: 'done' });
    expect(api.calls.map((c) => `${c.service}/${c.method}`)).toEqual(['Egress/StartRoomCompositeEgress']);
    expect(api.calls[0]).toMatchObject({ body: { roomName: s.onOwn.room }, grant: { roomRecord: true } });
    const state = await callState(s);
    expect(state).toMatchObject({ recordingState: 'RECORDING', livekitEgressId: expect.stringMatching(/^EG_/) as unknown });
    expect((await events(s.onOwn.id)).at(-1)).toMatchObject({
      event: 'recording.started',
      control: 'livekit-api',
      egressId: state.livekitEgressId,
    });
  });

  it('stops every recording of the room when the member withdraws recording, and closes the room when they withdraw everything', async () => {
    const { s, advisor } = await liveKitCall(true);
    await performCallAction(advisor, s.onOwn.id, 'start-recording');
    const egressId = (await callState(s)).livekitEgressId!;
    const foreign = api.startForeignEgress(s.onOwn.room);

    await withdrawConsent(actorFor(s.member), { consultationId: s.onOwn.id, scope: 'recording' });
    expect(api.egresses.get(egressId)?.status).toBe('EGRESS_COMPLETE');
    expect(api.egresses.get(foreign)?.status).toBe('EGRESS_COMPLETE');
    expect(await callState(s)).toMatchObject({
      recordingState: 'STOPPED',
      recordingStopDueAt: null,
      livekitEgressId: null,
      roomClosedAt: null,
    });
    expect(api.hasRoom(s.onOwn.room), 'the call goes on without recording').toBe(true);

    await withdrawConsent(actorFor(s.member), { consultationId: s.onOwn.id, scope: 'all' });
    expect(api.hasRoom(s.onOwn.room)).toBe(false);
    expect(api.calls.find((c) => c.method === 'DeleteRoom')).toMatchObject({ body: { room: s.onOwn.room }, grant: { roomCreate: true } });
    expect((await callState(s)).roomClosedAt).toBeInstanceOf(Date);
    expect(await authorizeJoin(actorFor(s.member), s.onOwn.id)).toMatchObject({ allowed: false, reason: 'withdrawn' });

    const log = await events(s.onOwn.id);
    expect(log.map((e) => e.event)).toEqual([
      'consent.given',
      'call.start_allowed',
      'recording.started',
      'consent.recording_withdrawn',
      'recording.stop_demanded',
      'recording.stopped',
      'consent.withdrawn',
      'call.end_demanded',
      'call.room_closed',
      'call.join_denied',
    ]);
    // Closing the room ended the call: the demanded end is met, nothing is left for the advisor to confirm.
    expect(log.find((e) => e.event === 'call.end_demanded')).toMatchObject({ cause: 'withdrawn', control: 'livekit-api' });
    expect(await callState(s)).toMatchObject({ callEndDueAt: null, callEndedAt: expect.any(Date) as unknown });
    expect(log.find((e) => e.event === 'recording.stop_demanded')).toMatchObject({ control: 'livekit-api' });
    expect(log.find((e) => e.event === 'recording.stopped')).toMatchObject({
      control: 'livekit-api',
      by: 'gateway',
      demanded: true,
      late: false,
      egressIds: [egressId, foreign],
    });
    expect(log.find((e) => e.event === 'call.room_closed')).toMatchObject({ participants: 2 });
  });

  it('logs an unreachable LiveKit and leaves the stop to the advisor, whose retry goes through the API', async () => {
    const { s, advisor } = await liveKitCall(true);
    await performCallAction(advisor, s.onOwn.id, 'start-recording');
    api.failMethod('Egress/ListEgress');
    await withdrawConsent(actorFor(s.member), { consultationId: s.onOwn.id, scope: 'recording' });
    expect(await callState(s)).toMatchObject({ recordingState: 'RECORDING', recordingStopDueAt: expect.any(Date) as unknown });
    expect((await events(s.onOwn.id)).at(-1)).toMatchObject({
      event: 'video.control_failed',
      operation: 'stop-recording',
      failure: 'unavailable',
    });
    expect(await performCallAction(advisor, s.onOwn.id, 'stop-recording')).toMatchObject({ kind: 'denied', reason: 'service-unavailable' });

    api.failMethod(null);
    expect(await performCallAction(advisor, s.onOwn.id, 'stop-recording')).toMatchObject({ kind: 'done' });
    expect(await callState(s)).toMatchObject({ recordingState: 'STOPPED', recordingStopDueAt: null });
    expect((await events(s.onOwn.id)).at(-1)).toMatchObject({ event: 'recording.stopped', control: 'livekit-api', demanded: true });

    api.failMethod('Egress/StartRoomCompositeEgress');
    await giveConsent(database().prisma, s, { recording: true });
    expect(await performCallAction(advisor, s.onOwn.id, 'start-recording')).toMatchObject({
      kind: 'denied',
      reason: 'service-unavailable',
    });
    expect((await events(s.onOwn.id)).at(-1)).toMatchObject({
      event: 'recording.start_denied',
      reason: 'service-unavailable',
      failure: 'unavailable',
    });
  });

  it('turns a recording LiveKit reports without consent into a violation, stops it, and handles each delivery once', async () => {
    const { s } = await liveKitCall(false);
    const duplicatesBefore = await database().prisma.logQueueEntry.count({ where: { eventType: 'video.webhook_duplicate' } });
    const egressId = api.startForeignEgress(s.onOwn.room);
    const body = webhookBody('egress_started', egressId, s.onOwn.room);
    expect(await handleLiveKitWebhook(body, await api.signWebhook(body))).toEqual({ status: 200, handled: 'violation' });
    expect(api.egresses.get(egressId)?.status).toBe('EGRESS_COMPLETE');
    const advisorView = await getAdvisorConsultation(database().prisma, actorFor(s.advisor), s.onOwn.id);
    expect(advisorView?.violations).toEqual([expect.objectContaining({ kind: 'RECORDING_WITHOUT_CONSENT' })]);

    // The same delivery again (a replay, or LiveKit's retry) changes nothing.
    expect(await handleLiveKitWebhook(body, await api.signWebhook(body))).toEqual({ status: 200, handled: 'duplicate' });
    // A later report of the same recording is still one case.
    const updated = webhookBody('egress_updated', egressId, s.onOwn.room);
    expect(await handleLiveKitWebhook(updated, await api.signWebhook(updated))).toEqual({ status: 200, handled: 'ignored' });
    expect(await database().prisma.violation.count({ where: { consultationId: s.onOwn.id } })).toBe(1);

    const log = await events(s.onOwn.id);
    expect(log.filter((e) => e.event.startsWith('recording.'))).toEqual([
      expect.objectContaining({ event: 'recording.violation', egressId, reason: 'no-recording-consent', source: 'livekit-webhook' }),
      expect.objectContaining({ event: 'recording.stopped', egressIds: [egressId], violation: true }),
    ]);
    expect((await database().prisma.logQueueEntry.count({ where: { eventType: 'video.webhook_duplicate' } })) - duplicatesBefore).toBe(1);

    // A report that arrives after the recording was stopped raises nothing.
    const late = webhookBody('egress_updated', egressId, s.onOwn.room);
    expect(await handleLiveKitWebhook(late, await api.signWebhook(late))).toEqual({ status: 200, handled: 'ignored' });
  });

  it('follows recordings LiveKit reports within the consent: started in LiveKit, ended in LiveKit', async () => {
    const { s } = await liveKitCall(true);
    const egressId = api.startForeignEgress(s.onOwn.room);
    const started = webhookBody('egress_started', egressId, s.onOwn.room);
    expect(await handleLiveKitWebhook(started, await api.signWebhook(started))).toEqual({ status: 200, handled: 'recording-adopted' });
    expect(await callState(s)).toMatchObject({ recordingState: 'RECORDING', livekitEgressId: egressId });
    const ended = webhookBody('egress_ended', egressId, s.onOwn.room, EgressStatus.EGRESS_COMPLETE);
    expect(await handleLiveKitWebhook(ended, await api.signWebhook(ended))).toEqual({ status: 200, handled: 'recording-ended' });
    expect(await callState(s)).toMatchObject({ recordingState: 'STOPPED', livekitEgressId: null });
    expect((await events(s.onOwn.id)).slice(-2)).toEqual([
      expect.objectContaining({ event: 'recording.started', control: 'livekit-webhook', egressId }),
      expect.objectContaining({ event: 'recording.stopped', control: 'livekit-webhook', status: 'EGRESS_COMPLETE' }),
    ]);
    const elsewhere = webhookBody('egress_started', 'EG_other', 'cg-not-one-of-ours');
    expect(await handleLiveKitWebhook(elsewhere, await api.signWebhook(elsewhere))).toEqual({ status: 200, handled: 'ignored' });
  });

  it('rejects and logs unsigned, wrongly signed, expired and altered deliveries, and reads nothing in them', async () => {
    const { s } = await liveKitCall(false);
    const body = webhookBody('egress_started', api.startForeignEgress(s.onOwn.room), s.onOwn.room);
    const before = await database().prisma.logQueueEntry.count({ where: { eventType: 'video.webhook_rejected' } });
    const handledBefore = await database().prisma.videoWebhookEvent.count();
    const outcomes = [
      await handleLiveKitWebhook(body, null),
      await handleLiveKitWebhook(body, await api.signWebhook(body, { secret: 'not-the-secret-not-the-secret-0123456789' })),
      await handleLiveKitWebhook(body, await api.signWebhook(body, { at: new Date(Date.now() - 10 * 60_000) })),
      await handleLiveKitWebhook(body.replace('egress_started', 'egress_updated'), await api.signWebhook(body)),
      await handleLiveKitWebhook(body, 'not-a-jwt'),
      // Signed correctly, but not a report: nothing in it is trusted to be well-formed.
      await handleLiveKitWebhook('{"id": 1', await api.signWebhook('{"id": 1')),
      await handleLiveKitWebhook('{"event": "egress_started"}', await api.signWebhook('{"event": "egress_started"}')),
    ];
    expect(outcomes).toEqual([
      { status: 401, rejected: 'unsigned' },
      { status: 401, rejected: 'bad-signature' },
      { status: 401, rejected: 'expired' },
      { status: 401, rejected: 'body-mismatch' },
      { status: 401, rejected: 'bad-signature' },
      { status: 400, rejected: 'malformed' },
      { status: 400, rejected: 'malformed' },
    ]);
    const logged = await database().prisma.logQueueEntry.findMany({
      where: { eventType: 'video.webhook_rejected' },
      orderBy: { id: 'asc' },
      skip: before,
    });
    expect(logged.map((e) => (e.payload as { reason: string }).reason)).toEqual([
      'unsigned',
      'bad-signature',
      'expired',
      'body-mismatch',
      'bad-signature',
      'malformed',
      'malformed',
    ]);
    expect(await database().prisma.violation.count({ where: { consultationId: s.onOwn.id } })).toBe(0);
    expect(await database().prisma.videoWebhookEvent.count(), 'no delivery was taken as handled').toBe(handledBefore);
  });

  it('checks the consent again once LiveKit has started the recording: withdrawn meanwhile, it stops at once', async () => {
    const { s, advisor } = await liveKitCall(true);
    api.onAnswered('Egress/StartRoomCompositeEgress', async () => {
      expect(await withdrawConsent(actorFor(s.member), { consultationId: s.onOwn.id, scope: 'recording' })).toEqual({ kind: 'withdrawn' });
    });
    expect(await performCallAction(advisor, s.onOwn.id, 'start-recording')).toEqual({
      kind: 'denied',
      action: 'start-recording',
      reason: 'recording-withdrawn',
    });
    expect([...api.egresses.values()].filter((e) => e.roomName === s.onOwn.room).map((e) => e.status)).toEqual(['EGRESS_COMPLETE']);
    expect(await callState(s)).toMatchObject({ recordingState: 'STOPPED', recordingStopDueAt: null, livekitEgressId: null });
    const log = await events(s.onOwn.id);
    expect(log.find((e) => e.event === 'recording.stop_demanded')).toMatchObject({ cause: 'consent-changed' });
    expect(log.at(-1)).toMatchObject({ event: 'recording.stopped', by: 'gateway' });
  });

  it("takes LiveKit's report of the gateway's own new recording, arriving first, as that recording", async () => {
    const { s, advisor } = await liveKitCall(true);
    api.onAnswered('Egress/StartRoomCompositeEgress', async (json) => {
      const report = webhookBody('egress_started', (json as { egressId: string }).egressId, s.onOwn.room);
      expect(await handleLiveKitWebhook(report, await api.signWebhook(report))).toEqual({ status: 200, handled: 'recording-adopted' });
    });
    expect(await performCallAction(advisor, s.onOwn.id, 'start-recording')).toMatchObject({ kind: 'done' });
    const [egress, ...more] = [...api.egresses.values()].filter((e) => e.roomName === s.onOwn.room);
    expect(more).toEqual([]);
    expect(egress?.status).toBe('EGRESS_ACTIVE');
    expect(await callState(s)).toMatchObject({ recordingState: 'RECORDING', livekitEgressId: egress?.egressId });
    expect((await events(s.onOwn.id)).filter((e) => e.event === 'recording.started')).toHaveLength(1);
  });

  it('stops recordings the gateway does not know of when recording is withdrawn, whatever its own state says', async () => {
    const { s, advisor } = await liveKitCall(true);
    await performCallAction(advisor, s.onOwn.id, 'start-recording');
    const own = (await callState(s)).livekitEgressId!;
    const unreported = api.startForeignEgress(s.onOwn.room);
    const ended = webhookBody('egress_ended', own, s.onOwn.room, EgressStatus.EGRESS_COMPLETE);
    api.egresses.get(own)!.status = 'EGRESS_COMPLETE';
    await handleLiveKitWebhook(ended, await api.signWebhook(ended));
    expect(await callState(s)).toMatchObject({ recordingState: 'STOPPED' });

    await withdrawConsent(actorFor(s.member), { consultationId: s.onOwn.id, scope: 'recording' });
    expect(api.egresses.get(unreported)?.status).toBe('EGRESS_COMPLETE');
    expect((await events(s.onOwn.id)).at(-1)).toMatchObject({
      event: 'recording.stopped',
      egressIds: [unreported],
      startedOutsideGateway: true,
    });
  });
});
