import 'server-only';
import { appendLogEntry, loggedTransaction } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import { type TCallForEnforcement, getCallForEnforcement } from '@/server/call/advisor-consultation';
import { markRecordingStopped } from '@/server/call/recording-state';
import { lockConsultation } from '@/server/consultation/lock-consultation';
import { db } from '@/server/db/client';
import { closeRoom, stopRoomRecordings, tryLiveKit } from '@/server/video/livekit';

/** What was true before the change that led here, when the change itself erased it. */
export type TEnforceContext = {
  /** The room was on LiveKit (the consultation moved to another service). */
  roomOnLiveKit?: boolean;
  /** The call was under way (a new time resets the call's start). */
  callWasOpen?: boolean;
};

function needs(call: TCallForEnforcement, context: TEnforceContext) {
  const onLiveKit = context.roomOnLiveKit === true || call.videoService.access === 'LIVEKIT' || call.livekitEgressId !== null;
  const callOpen = (call.callStartedAt !== null || context.callWasOpen === true) && call.roomClosedAt === null;
  return {
    // Whatever the gateway's own state says: a recording someone started without it must stop too.
    stop: onLiveKit && (!call.evaluation.recording.allowed || call.recordingStopDueAt !== null),
    // The call may no longer go on: no one stays in the room.
    close: onLiveKit && callOpen && !call.evaluation.call.allowed,
  };
}

/**
 * What the gateway itself does at the video service once a change took away the permission to record
 * or to call: on LiveKit it stops every recording of the room and closes the room, then logs each step
 * (or its failure, which leaves a demanded stop to the advisor's confirmation and its deadline). Runs
 * after the change has committed, outside any transaction, so an unreachable service never delays or
 * undoes a withdrawal; it reads the state again under the lock before it records anything, so running
 * it twice (two instances) records nothing twice. Services the gateway cannot control need nothing here.
 */
export async function enforceOnService(consultationId: string, context: TEnforceContext = {}): Promise<void> {
  const prisma = await db();
  const before = await getCallForEnforcement(prisma, consultationId);
  if (!before) return;
  const todo = needs(before, context);
  if (!todo.stop && !todo.close) return;

  const stopped = todo.stop ? await tryLiveKit(() => stopRoomRecordings(before.room)) : null;
  const closed = todo.close ? await tryLiveKit(() => closeRoom(before.room)) : null;
  const nothingHappened = stopped?.ok && stopped.value.length === 0 && before.recordingState !== 'RECORDING' && !closed;
  if (nothingHappened) return;

  await loggedTransaction(prisma, async (tx) => {
    await lockConsultation(tx, consultationId);
    const call = await getCallForEnforcement(tx, consultationId);
    if (!call) return;
    const base = { videoServiceId: call.videoService.id, by: 'gateway', control: 'livekit-api' };
    const log = (eventType: (typeof LOG_EVENT)[keyof typeof LOG_EVENT], payload: Record<string, string | number | boolean | string[]>) =>
      appendLogEntry(tx, { eventType, consultationId, payload: { ...base, ...payload } });

    if (stopped && !stopped.ok) await log(LOG_EVENT.videoControlFailed, { operation: 'stop-recording', failure: stopped.failure });
    if (stopped?.ok && call.recordingState === 'RECORDING') await markRecordingStopped(tx, call, { ...base, egressIds: stopped.value });
    else if (stopped?.ok && stopped.value.length > 0)
      await log(LOG_EVENT.recordingStopped, { egressIds: stopped.value, startedOutsideGateway: true });
    if (closed && !closed.ok) await log(LOG_EVENT.videoControlFailed, { operation: 'close-room', failure: closed.failure });
    if (closed?.ok && call.roomClosedAt === null) {
      const entry = await log(LOG_EVENT.callRoomClosed, { participants: closed.value });
      // Closing the room ends the call: nothing is left for the advisor to confirm.
      await tx.consultation.update({
        where: { id: consultationId },
        data: { roomClosedAt: entry.recordedAt, callEndedAt: call.callStartedAt ? entry.recordedAt : null, callEndDueAt: null },
      });
    }
  });
}
