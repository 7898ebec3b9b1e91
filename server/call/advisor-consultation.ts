import 'server-only';
import type { TActor } from '@/server/auth/current-actor';
import { CONSULTATION_SELECT, ZConsultationId, withEvaluation } from '@/server/consultation/member-consultation';
import type { TDb, TTx } from '@/server/db/client';

const ADVISOR_CONSULTATION_SELECT = {
  ...CONSULTATION_SELECT,
  // The advisor asks the person to confirm who they are when the decision came right after a password
  // letter (docs/decisions/0042); members and enforcement have no use for the mark.
  decisions: { ...CONSULTATION_SELECT.decisions, select: { ...CONSULTATION_SELECT.decisions.select, afterPasswordLetter: true } },
  callStartedAt: true,
  recordingState: true,
  recordingChangedAt: true,
  recordingStopDueAt: true,
  livekitEgressId: true,
  roomClosedAt: true,
  callEndDueAt: true,
  callEndedAt: true,
  // A missed stop confirmation is shown from the consultation's own deadline; these are the service's reports.
  violations: {
    where: { kind: 'RECORDING_WITHOUT_CONSENT' },
    orderBy: { detectedAt: 'asc' },
    select: { id: true, kind: true, detectedAt: true },
  },
} as const;

/**
 * One of the advisor's own consultations, with the member's decision, what it allows now and the
 * call's state. A colleague's consultation is simply not found (need-to-know).
 */
export async function getAdvisorConsultation(prisma: TDb | TTx, actor: TActor, consultationId: string) {
  if (actor.kind !== 'ADVISOR' || !ZConsultationId.safeParse(consultationId).success) return null;
  const row = await prisma.consultation.findFirst({
    where: { id: consultationId, advisorId: actor.id },
    select: ADVISOR_CONSULTATION_SELECT,
  });
  // Consent decisions are evaluated against the disclosure in the language the member decided in.
  return row ? withEvaluation(prisma, row, 'de') : null;
}

/** What enforcement needs to judge a call: no names, no topic, no phone number. */
const ENFORCEMENT_SELECT = {
  id: true,
  room: true,
  cancelledAt: true,
  videoService: CONSULTATION_SELECT.videoService,
  decisions: CONSULTATION_SELECT.decisions,
  callStartedAt: true,
  recordingState: true,
  recordingStopDueAt: true,
  livekitEgressId: true,
  roomClosedAt: true,
  callEndDueAt: true,
  callEndedAt: true,
} as const;

/**
 * A consultation's call state for the gateway's own enforcement (stopping recordings, closing rooms
 * after a withdrawal, handling the video service's reports). Never reachable from a user's request:
 * callers are the domain functions that already authorised the change that led here, and the
 * signature-checked reports of the video service.
 */
export async function getCallForEnforcement(prisma: TDb | TTx, consultationId: string) {
  const row = await prisma.consultation.findUnique({ where: { id: consultationId }, select: ENFORCEMENT_SELECT });
  return row ? withEvaluation(prisma, row, 'de') : null;
}

export type TCallForEnforcement = NonNullable<Awaited<ReturnType<typeof getCallForEnforcement>>>;

export type TAdvisorConsultation = NonNullable<Awaited<ReturnType<typeof getAdvisorConsultation>>>;

/** How long an advisor has to confirm that a recording stopped once the member withdrew recording consent. */
export const RECORDING_STOP_GRACE_MS = 60_000;

/** A recording the member withdrew consent for and that is still not confirmed stopped after the grace period. */
export function recordingViolation(
  consultation: Pick<TAdvisorConsultation, 'recordingState' | 'recordingStopDueAt'>,
  now = new Date(),
): boolean {
  return (
    consultation.recordingState === 'RECORDING' &&
    consultation.recordingStopDueAt !== null &&
    consultation.recordingStopDueAt.getTime() < now.getTime()
  );
}
