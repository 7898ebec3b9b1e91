import 'server-only';
import { type TLogInput, type TLogPersonal, appendLogEntry } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import type { TTx } from '@/server/db/client';

type TCall = { id: string; recordingStopDueAt: Date | null };

/**
 * Off/stopped → recording, logged in the same transaction. `livekitEgressId` is the recording the
 * gateway knows of on LiveKit, so that LiveKit's later reports about it can be matched.
 */
export async function markRecordingStarted(
  tx: TTx,
  call: TCall,
  payload: TLogInput['payload'],
  personal?: TLogPersonal,
  livekitEgressId: string | null = null,
) {
  const entry = await appendLogEntry(tx, { eventType: LOG_EVENT.recordingStarted, consultationId: call.id, payload, personal });
  await tx.consultation.update({
    where: { id: call.id },
    data: { recordingState: 'RECORDING', recordingChangedAt: entry.recordedAt, recordingStopDueAt: null, livekitEgressId },
  });
}

/** Recording → stopped, logged with whether a withdrawal demanded the stop and whether it came after the deadline. */
export async function markRecordingStopped(tx: TTx, call: TCall, payload: TLogInput['payload'], personal?: TLogPersonal) {
  const due = call.recordingStopDueAt;
  const entry = await appendLogEntry(tx, {
    eventType: LOG_EVENT.recordingStopped,
    consultationId: call.id,
    payload: { ...payload, demanded: due !== null, late: due !== null && due.getTime() < Date.now() },
    personal,
  });
  await tx.consultation.update({
    where: { id: call.id },
    data: { recordingState: 'STOPPED', recordingChangedAt: entry.recordedAt, recordingStopDueAt: null, livekitEgressId: null },
  });
}
