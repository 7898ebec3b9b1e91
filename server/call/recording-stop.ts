import 'server-only';
import { appendLogEntry } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import type { TActor } from '@/server/auth/current-actor';
import { RECORDING_STOP_GRACE_MS } from '@/server/call/advisor-consultation';
import type { TTx } from '@/server/db/client';

/** What ended the permission to record. */
export type TStopCause =
  | 'withdrawn'
  | 'recording-withdrawn'
  | 'new-decision'
  | 'cancelled'
  | 'service-changed'
  /** The consent changed while the service was starting a recording. */
  | 'consent-changed';

/** Who stops it: the gateway through LiveKit's API (enforceOnService, right after the change commits), or the advisor. */
function stopControl(call: { livekitEgressId: string | null; videoService: { access: string } }): string {
  return call.livekitEgressId !== null || call.videoService.access === 'LIVEKIT' ? 'livekit-api' : 'advisor-declaration';
}

/**
 * Called inside the transaction (under the consultation's lock) of every change after which the
 * consultation may no longer be recorded. A recording still running must stop at once: the gateway
 * stops it itself on LiveKit (server/call/enforce-on-service.ts); on a service it does not control, the
 * advisor must confirm the stop within the grace period, and after that the advisor's page shows a
 * violation. The same deadline stands if LiveKit cannot be reached. The first deadline stands: a second
 * cause neither extends it nor logs another demand.
 */
export async function demandRecordingStop(tx: TTx, consultationId: string, cause: TStopCause, actor: TActor): Promise<void> {
  const call = await tx.consultation.findUniqueOrThrow({
    where: { id: consultationId },
    select: { recordingState: true, recordingStopDueAt: true, livekitEgressId: true, videoService: { select: { access: true } } },
  });
  if (call.recordingState !== 'RECORDING' || call.recordingStopDueAt) return;
  const due = new Date(Date.now() + RECORDING_STOP_GRACE_MS);
  await tx.consultation.update({ where: { id: consultationId }, data: { recordingStopDueAt: due } });
  await appendLogEntry(tx, {
    eventType: LOG_EVENT.recordingStopDemanded,
    consultationId,
    payload: { cause, dueAt: due.toISOString(), control: stopControl(call), channel: 'web' },
    personal: { actorId: actor.id, ipPseudonym: actor.ipPseudonym },
  });
}
