import 'server-only';
import { EgressStatus, type WebhookEvent } from 'livekit-server-sdk';
import { appendLogEntry, appendLogEntryAlone, loggedTransaction } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import { createLogBudget } from '@/server/audit-log/log-budget';
import { getCallForEnforcement } from '@/server/call/advisor-consultation';
import { enforceOnService } from '@/server/call/enforce-on-service';
import { markRecordingStarted, markRecordingStopped } from '@/server/call/recording-state';
import { lockConsultation } from '@/server/consultation/lock-consultation';
import { type TTx, db, directDb } from '@/server/db/client';
import { liveKitConfigured, receiveWebhook, recordingIsRunning, stopRecording, tryLiveKit } from '@/server/video/livekit';

export type TWebhookRejection = 'unsigned' | 'bad-signature' | 'expired' | 'bad-claims' | 'body-mismatch' | 'malformed' | 'replayed';

export type TWebhookOutcome =
  | { status: 200; handled: 'recording-adopted' | 'violation' | 'recording-ended' | 'ignored' | 'duplicate' }
  | { status: 400 | 401 | 404; rejected: TWebhookRejection | 'not-configured' };

const RUNNING = new Set([EgressStatus.EGRESS_STARTING, EgressStatus.EGRESS_ACTIVE]);

/** Why the SDK refused a delivery, in the log's words (by jose's error codes: the SDK has its own copy of jose). */
function rejectionOf(error: unknown, authorization: string | null): TWebhookRejection {
  if (!authorization) return 'unsigned';
  const code = error && typeof error === 'object' && 'code' in error ? String(error.code) : '';
  if (code === 'ERR_JWT_EXPIRED') return 'expired';
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') return 'bad-claims';
  if (code.startsWith('ERR_JW')) return 'bad-signature';
  if (error instanceof Error && error.message.includes('sha256')) return 'body-mismatch';
  return 'malformed';
}

// Anyone can post here: rejections (and duplicates) are logged within a budget, so forged deliveries
// cannot flood the chained log.
const rejectionBudget = createLogBudget(30);

async function logRejection(reason: TWebhookRejection): Promise<void> {
  const budget = rejectionBudget.take();
  if (!budget.write) return;
  const eventType = reason === 'replayed' ? LOG_EVENT.videoWebhookDuplicate : LOG_EVENT.videoWebhookRejected;
  const payload = {
    service: 'livekit',
    ...(reason === 'replayed' ? {} : { reason }),
    ...(budget.suppressedBefore ? { suppressedBefore: budget.suppressedBefore } : {}),
  };
  await appendLogEntryAlone(await directDb(), { eventType, payload });
}

/**
 * A report (webhook) from LiveKit. Only a delivery signed with our API secret, not expired, whose
 * signature covers this exact body, is read; each event is handled once (a replay changes nothing).
 * Recordings (egress) are matched to the consultation by its room: one the consent allows and the
 * gateway did not start is taken into the recording state; one it does not allow is a violation,
 * logged and shown to the advisor and compliance at once, and stopped through LiveKit's API.
 */
export async function handleLiveKitWebhook(body: string, authorization: string | null): Promise<TWebhookOutcome> {
  if (!liveKitConfigured()) return { status: 404, rejected: 'not-configured' };
  let event: WebhookEvent;
  try {
    event = await receiveWebhook(body, authorization);
  } catch (error) {
    const reason = rejectionOf(error, authorization);
    await logRejection(reason);
    return { status: reason === 'malformed' ? 400 : 401, rejected: reason };
  }
  if (!event.id || event.id.length > 200) {
    await logRejection('malformed');
    return { status: 400, rejected: 'malformed' };
  }
  const egress = event.egressInfo;
  const kind =
    !egress?.egressId || !egress.roomName
      ? null
      : (event.event === 'egress_started' || event.event === 'egress_updated') && RUNNING.has(egress.status)
        ? 'running'
        : event.event === 'egress_ended'
          ? 'ended'
          : null;
  if (!kind || !egress) return { status: 200, handled: 'ignored' };

  const prisma = await db();
  if (await prisma.videoWebhookEvent.findUnique({ where: { id: event.id }, select: { id: true } })) {
    await logRejection('replayed');
    return { status: 200, handled: 'duplicate' };
  }
  // A report can arrive after the recording was stopped: only one LiveKit still runs can be a violation.
  if (kind === 'running' && !(await stillRunning(egress.egressId))) return { status: 200, handled: 'ignored' };

  const outcome = await loggedTransaction(prisma, async (tx): Promise<THandled | { handled: 'duplicate' }> => {
    const fresh = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO video_webhook_event (id) VALUES (${event.id}) ON CONFLICT (id) DO NOTHING RETURNING id`;
    // The same delivery handled meanwhile by another request or instance.
    if (fresh.length === 0) return { handled: 'duplicate' };
    const consultation = await tx.consultation.findUnique({ where: { room: egress.roomName }, select: { id: true } });
    if (!consultation) return { handled: 'ignored' };
    await lockConsultation(tx, consultation.id);
    return kind === 'running'
      ? egressRunning(tx, consultation.id, egress.egressId)
      : egressEnded(tx, consultation.id, egress.egressId, egress.status);
  });
  if (outcome.handled === 'duplicate') await logRejection('replayed');
  // After the commit, outside any transaction: stop what runs against the consent (again, on every report of it).
  if ('stop' in outcome && outcome.stop === 'violation') await stopViolatingRecording(outcome.consultationId, egress.egressId);
  if ('stop' in outcome && outcome.stop === 'enforce') await enforceOnService(outcome.consultationId);
  return { status: 200, handled: outcome.handled };
}

/** Asks LiveKit whether the reported recording still runs; if LiveKit cannot say, it is taken to run. */
async function stillRunning(egressId: string): Promise<boolean> {
  const running = await tryLiveKit(() => recordingIsRunning(egressId));
  return !running.ok || running.value;
}

type THandled =
  | { handled: 'recording-adopted' | 'recording-ended' | 'ignored' }
  | { handled: 'violation' | 'ignored'; consultationId: string; stop: 'violation' | 'enforce' };

async function egressRunning(tx: TTx, consultationId: string, egressId: string): Promise<THandled> {
  const call = await getCallForEnforcement(tx, consultationId);
  if (!call) return { handled: 'ignored' };
  const allowed = call.evaluation.recording.allowed && call.recordingStopDueAt === null;
  if (call.livekitEgressId === egressId) {
    // The gateway's own recording, still running although its stop was demanded: stop it (again).
    return allowed ? { handled: 'ignored' } : { handled: 'ignored', consultationId, stop: 'enforce' };
  }
  const base = { videoServiceId: call.videoService.id, egressId, source: 'livekit-webhook' };
  if (allowed) {
    // Started in LiveKit by a holder of the API key (not by a join token: those cannot record), within the consent.
    if (call.recordingState !== 'RECORDING') {
      await markRecordingStarted(tx, call, { ...base, from: call.recordingState, control: 'livekit-webhook' }, undefined, egressId);
      return { handled: 'recording-adopted' };
    }
    return { handled: 'ignored' };
  }
  const created = await tx.violation.createMany({
    data: [{ consultationId, kind: 'RECORDING_WITHOUT_CONSENT', externalRef: egressId }],
    skipDuplicates: true,
  });
  if (created.count > 0) {
    const reason = call.evaluation.recording.allowed ? 'stop-demanded' : call.evaluation.recording.reason;
    await appendLogEntry(tx, {
      eventType: LOG_EVENT.recordingViolation,
      consultationId,
      payload: { ...base, kind: 'recording-without-consent', reason },
    });
  }
  return { handled: 'violation', consultationId, stop: 'violation' };
}

async function egressEnded(tx: TTx, consultationId: string, egressId: string, status: EgressStatus): Promise<THandled> {
  const call = await getCallForEnforcement(tx, consultationId);
  if (!call || call.livekitEgressId !== egressId || call.recordingState !== 'RECORDING') return { handled: 'ignored' };
  const payload = {
    videoServiceId: call.videoService.id,
    egressIds: [egressId],
    control: 'livekit-webhook',
    status: (EgressStatus[status] as string | undefined) ?? 'unknown',
  }; // a status newer than the SDK has no name
  await markRecordingStopped(tx, call, payload);
  return { handled: 'recording-ended' };
}

/** The violating recording is stopped at once; the outcome is logged either way. */
async function stopViolatingRecording(consultationId: string, egressId: string): Promise<void> {
  const stopped = await tryLiveKit(() => stopRecording(egressId));
  await appendLogEntryAlone(await directDb(), {
    eventType: stopped.ok ? LOG_EVENT.recordingStopped : LOG_EVENT.videoControlFailed,
    consultationId,
    payload: stopped.ok
      ? { egressIds: [egressId], control: 'livekit-api', by: 'gateway', violation: true }
      : { operation: 'stop-recording', egressId, failure: stopped.failure, by: 'gateway', control: 'livekit-api' },
  });
}
