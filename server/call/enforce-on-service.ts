import 'server-only';
import { appendLogEntry, loggedTransaction } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import { type TAdvisorConsultation, getCallForEnforcement } from '@/server/call/advisor-consultation';
import { markRecordingStopped } from '@/server/call/recording-state';
import { lockConsultation } from '@/server/consultation/lock-consultation';
import { db } from '@/server/db/client';
import { closeRoom, stopRoomRecordings, tryLiveKit } from '@/server/video/livekit';

type TNeeds = { stop: boolean; close: boolean };

function needs(call: TAdvisorConsultation, roomOnLiveKit: boolean): TNeeds {
  const onLiveKit = roomOnLiveKit || call.videoService.access === 'LIVEKIT';
  return {
    // A stop was demanded (withdrawal, refusal, cancellation, another service) of a recording LiveKit runs.
    stop: call.recordingState === 'RECORDING' && call.recordingStopDueAt !== null && (onLiveKit || call.livekitEgressId !== null),
    // The call may no longer go on: no one stays in the room.
    close: onLiveKit && call.callStartedAt !== null && call.roomClosedAt === null && !call.evaluation.call.allowed,
  };
}

/**
 * What the gateway itself does at the video service once a change took away the permission to record
 * or to call: on LiveKit it stops every recording of the room and closes the room, then logs each step
 * (or its failure, which leaves the stop to the advisor's confirmation and its deadline). Runs after the
 * change has committed, outside any transaction, so an unreachable service never delays or undoes a
 * withdrawal; it reads the state again, so running it twice does nothing twice. Services the gateway
 * cannot control (plain links, Jitsi) need nothing here.
 *
 * @param roomOnLiveKit the room was on LiveKit before the change (a consultation moved to another service)
 */
export async function enforceOnService(consultationId: string, options: { roomOnLiveKit?: boolean } = {}): Promise<void> {
  const prisma = await db();
  const before = await getCallForEnforcement(prisma, consultationId);
  if (!before) return;
  const todo = needs(before, options.roomOnLiveKit ?? false);
  if (!todo.stop && !todo.close) return;

  const stopped = todo.stop ? await tryLiveKit(() => stopRoomRecordings(before.room)) : null;
  const closed = todo.close ? await tryLiveKit(() => closeRoom(before.room)) : null;

  await loggedTransaction(prisma, async (tx) => {
    await lockConsultation(tx, consultationId);
    const call = await getCallForEnforcement(tx, consultationId);
    if (!call) return;
    const base = { videoServiceId: call.videoService.id, by: 'gateway', control: 'livekit-api' };
    const failed = (operation: string, failure: string) =>
      appendLogEntry(tx, { eventType: LOG_EVENT.videoControlFailed, consultationId, payload: { ...base, operation, failure } });

    if (stopped && !stopped.ok) await failed('stop-recording', stopped.failure);
    if (stopped?.ok && call.recordingState === 'RECORDING') await markRecordingStopped(tx, call, { ...base, egressIds: stopped.value });
    if (closed && !closed.ok) await failed('close-room', closed.failure);
    if (closed?.ok && call.roomClosedAt === null) {
      const entry = await appendLogEntry(tx, { eventType: LOG_EVENT.callRoomClosed, consultationId, payload: { ...base, participants: closed.value } });
      await tx.consultation.update({ where: { id: consultationId }, data: { roomClosedAt: entry.recordedAt } });
    }
  });
}
