import 'server-only';
import { z } from 'zod';
import { type TLogInput, appendLogEntry, appendLogEntryAlone, loggedTransaction } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import type { TActor } from '@/server/auth/current-actor';
import { type TAdvisorConsultation, getAdvisorConsultation } from '@/server/call/advisor-consultation';
import { enforceOnService } from '@/server/call/enforce-on-service';
import { markRecordingStarted, markRecordingStopped } from '@/server/call/recording-state';
import { demandRecordingStop } from '@/server/call/recording-stop';
import type { TDenialReason } from '@/server/consent-rules/call-permission';
import { lockConsultation } from '@/server/consultation/lock-consultation';
import { ZConsultationId } from '@/server/consultation/member-consultation';
import { type TDb, type TTx, db, directDb } from '@/server/db/client';
import { type TLiveKitAttempt, startRoomRecording, stopRecording, stopRoomRecordings, tryLiveKit } from '@/server/video/livekit';
import { accessUrl } from '@/server/video/service-access';

export const ZCallAction = z.enum(['start-call', 'start-recording', 'stop-recording']);
export type TCallAction = z.infer<typeof ZCallAction>;

/** Why a call or recording step was refused: the consent's reason, the recording state's, or the service's. */
export type TCallDenial =
  TDenialReason | 'call-not-started' | 'already-recording' | 'not-recording' | 'recording-off-unconfirmed' | 'service-unavailable';

export type TCallActionResult =
  | { kind: 'done'; action: TCallAction; url: string | null }
  | { kind: 'denied'; action: TCallAction; reason: TCallDenial }
  | { kind: 'not-found' };

/** What the advisor confirmed with the action: for a plain link, that the service's own recording is off. */
export type TCallActionOptions = { recordingOffConfirmed?: boolean };

const DENIED_EVENT = {
  'start-call': LOG_EVENT.callStartDenied,
  'start-recording': LOG_EVENT.recordingStartDenied,
  'stop-recording': LOG_EVENT.recordingStopDenied,
} as const;

type TContext = {
  tx: TTx;
  actor: TActor;
  consultation: TAdvisorConsultation;
  action: TCallAction;
};

function personalOf(actor: TActor) {
  return { actorId: actor.id, ipPseudonym: actor.ipPseudonym };
}

function baseOf(consultation: TAdvisorConsultation) {
  return { decisionId: consultation.decision?.id ?? null, videoServiceId: consultation.videoService.id, channel: 'web' };
}

async function log(ctx: TContext, eventType: TLogInput['eventType'], payload: TLogInput['payload']) {
  return appendLogEntry(ctx.tx, {
    eventType,
    consultationId: ctx.consultation.id,
    payload: { ...baseOf(ctx.consultation), ...payload },
    personal: personalOf(ctx.actor),
  });
}

async function deny(ctx: TContext, reason: TCallDenial, extra: TLogInput['payload'] = {}): Promise<TCallActionResult> {
  await log(ctx, DENIED_EVENT[ctx.action], { reason, ...extra });
  return { kind: 'denied', action: ctx.action, reason };
}

/**
 * Runs `work` on the advisor's consultation under its lock, so "check, then log" cannot interleave
 * with the member's withdrawal. Someone else's consultation (or none) is logged without linking it.
 */
async function underLock<T>(
  prisma: TDb,
  actor: TActor,
  rawConsultationId: string,
  action: TCallAction,
  work: (ctx: TContext) => Promise<T>,
): Promise<T | { kind: 'not-found' }> {
  const consultationId = ZConsultationId.safeParse(rawConsultationId).success ? rawConsultationId : null;
  return loggedTransaction(prisma, async (tx) => {
    if (consultationId) await lockConsultation(tx, consultationId);
    const consultation = consultationId ? await getAdvisorConsultation(tx, actor, consultationId) : null;
    if (!consultation) {
      await appendLogEntry(tx, {
        eventType: DENIED_EVENT[action],
        payload: { reason: 'not-found', channel: 'web' },
        personal: personalOf(actor),
      });
      return { kind: 'not-found' } as const;
    }
    return work({ tx, actor, consultation, action });
  });
}

/** The gateway starts and stops LiveKit recordings itself; other services' recordings are the advisor's declaration. */
function controlledByLiveKit(consultation: TAdvisorConsultation): boolean {
  return consultation.videoService.access === 'LIVEKIT' || consultation.livekitEgressId !== null;
}

/**
 * The advisor's "start call", "start recording" and "recording stopped", checked under the
 * consultation's lock by the same consent rule as the member's join (evaluateConsent), and logged with
 * the advisor's id whether allowed or denied. Recording is a small state machine:
 * off → recording → stopped (→ recording again, only while the consent allows it). On LiveKit the
 * gateway starts and stops the recording through LiveKit's API, outside any transaction (a slow
 * service must not hold the database), and checks the consent again before it records the outcome.
 */
export async function performCallAction(
  actor: TActor,
  rawConsultationId: string,
  action: TCallAction,
  options: TCallActionOptions = {},
): Promise<TCallActionResult> {
  const prisma = await db();
  if (action === 'start-call') return underLock(prisma, actor, rawConsultationId, action, (ctx) => startCall(ctx, options));

  const checked = await underLock(prisma, actor, rawConsultationId, action, async (ctx) =>
    action === 'start-recording' ? checkRecordingStart(ctx) : checkRecordingStop(ctx),
  );
  if (checked.kind !== 'service-call') return checked;

  if (action === 'start-recording') {
    const started = await tryLiveKit(() => startRoomRecording(checked.room));
    const outcome = await underLock(prisma, actor, rawConsultationId, action, (ctx) => recordLiveKitStart(ctx, started));
    // Handed to a colleague while LiveKit started it: this advisor's recording must not run.
    if ('kind' in outcome && outcome.kind === 'not-found' && started.ok) await stopSurplusRecording(rawConsultationId, started.value);
    if (!('after' in outcome)) return outcome;
    // After the commit: a recording that must not go on is stopped outside any transaction.
    if (outcome.after === 'enforce') await enforceOnService(rawConsultationId);
    else await stopSurplusRecording(rawConsultationId, outcome.after.stop);
    return outcome.result;
  }
  const stopped = await tryLiveKit(() => stopRoomRecordings(checked.room));
  return underLock(prisma, actor, rawConsultationId, action, (ctx) => recordLiveKitStop(ctx, stopped));
}

async function startCall(ctx: TContext, options: TCallActionOptions): Promise<TCallActionResult> {
  const { consultation, tx, actor } = ctx;
  const { evaluation } = consultation;
  if (!evaluation.call.allowed) return deny(ctx, evaluation.call.reason);
  // A plain link's service may record on its own: unless the member agreed to recording, the advisor confirms it is off.
  const confirmationNeeded = consultation.videoService.access === 'LINK' && !evaluation.recording.allowed;
  if (confirmationNeeded && !options.recordingOffConfirmed) return deny(ctx, 'recording-off-unconfirmed');
  await log(ctx, LOG_EVENT.callStartAllowed, confirmationNeeded ? { recordingOffConfirmed: true } : {});
  await tx.consultation.update({
    where: { id: consultation.id },
    // A call started again after it ended runs again: its earlier end and any demand are behind it.
    data: { callStartedAt: consultation.callStartedAt ?? new Date(), roomClosedAt: null, callEndedAt: null, callEndDueAt: null },
  });
  const participant = { id: actor.id, name: actor.displayName, role: 'advisor', recordingAllowed: evaluation.recording.allowed } as const;
  return { kind: 'done', action: 'start-call', url: await accessUrl(consultation.videoService, consultation.room, participant) };
}

type TChecked = TCallActionResult | { kind: 'service-call'; room: string };

async function checkRecordingStart(ctx: TContext): Promise<TChecked> {
  const { consultation } = ctx;
  if (!consultation.callStartedAt) return deny(ctx, 'call-not-started');
  if (consultation.recordingState === 'RECORDING') return deny(ctx, 'already-recording');
  if (!consultation.evaluation.recording.allowed) return deny(ctx, consultation.evaluation.recording.reason);
  if (consultation.videoService.access === 'LIVEKIT') return { kind: 'service-call', room: consultation.room };
  // The gateway cannot control this service: the start is the advisor's declaration.
  await markRecordingStarted(
    ctx.tx,
    consultation,
    { ...baseOf(consultation), from: consultation.recordingState, control: 'advisor-declaration' },
    personalOf(ctx.actor),
  );
  return { kind: 'done', action: 'start-recording', url: null };
}

type TStartOutcome = TCallActionResult | { result: TCallActionResult; after: 'enforce' | { stop: string } };

async function recordLiveKitStart(ctx: TContext, started: TLiveKitAttempt<string>): Promise<TStartOutcome> {
  const { consultation } = ctx;
  if (!started.ok) return deny(ctx, 'service-unavailable', { failure: started.failure });
  const done: TCallActionResult = { kind: 'done', action: 'start-recording', url: null };
  // LiveKit's report of this very recording was handled first (server/call/livekit-webhook.ts): already recorded.
  if (consultation.livekitEgressId === started.value) return done;
  // Another recording started meanwhile: this one is surplus.
  if (consultation.recordingState === 'RECORDING')
    return { result: await deny(ctx, 'already-recording', { egressId: started.value }), after: { stop: started.value } };
  const payload = { ...baseOf(consultation), from: consultation.recordingState, control: 'livekit-api', egressId: started.value };
  await markRecordingStarted(ctx.tx, consultation, payload, personalOf(ctx.actor), started.value);
  const { recording } = consultation.evaluation;
  if (recording.allowed) return done;
  // The consent changed while LiveKit started the recording: it did start, so its stop is demanded and made at once.
  await demandRecordingStop(ctx.tx, consultation.id, 'consent-changed', ctx.actor);
  return { result: { kind: 'denied', action: 'start-recording', reason: recording.reason }, after: 'enforce' };
}

/** Stops a recording the gateway started in excess; a failure is logged, the recording it duplicates is tracked as usual. */
async function stopSurplusRecording(consultationId: string, egressId: string): Promise<void> {
  const stopped = await tryLiveKit(() => stopRecording(egressId));
  if (stopped.ok) return;
  await appendLogEntryAlone(await directDb(), {
    eventType: LOG_EVENT.videoControlFailed,
    consultationId,
    payload: { operation: 'stop-recording', egressId, failure: stopped.failure, by: 'gateway', control: 'livekit-api' },
  });
}

async function checkRecordingStop(ctx: TContext): Promise<TChecked> {
  const { consultation } = ctx;
  if (consultation.recordingState !== 'RECORDING') return deny(ctx, 'not-recording');
  if (controlledByLiveKit(consultation)) return { kind: 'service-call', room: consultation.room };
  await logStopped(ctx, 'advisor-declaration', {});
  return { kind: 'done', action: 'stop-recording', url: null };
}

async function recordLiveKitStop(ctx: TContext, stopped: TLiveKitAttempt<string[]>): Promise<TCallActionResult> {
  if (!stopped.ok) return deny(ctx, 'service-unavailable', { failure: stopped.failure });
  // Stopped meanwhile by a withdrawal or LiveKit's own report: nothing more to record.
  if (ctx.consultation.recordingState === 'RECORDING') await logStopped(ctx, 'livekit-api', { egressIds: stopped.value });
  return { kind: 'done', action: 'stop-recording', url: null };
}

async function logStopped(ctx: TContext, control: string, extra: TLogInput['payload']): Promise<void> {
  await markRecordingStopped(ctx.tx, ctx.consultation, { ...baseOf(ctx.consultation), control, ...extra }, personalOf(ctx.actor));
}
