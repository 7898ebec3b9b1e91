import 'server-only';

export type TConsentStatus =
  'unanswered' | 'given' | 'given-with-recording' | 'recording-withdrawn' | 'refused' | 'withdrawn' | 'outdated' | 'service-changed';

export type TDenialReason =
  | 'cancelled'
  | 'no-consent'
  | 'refused'
  | 'withdrawn'
  | 'outdated'
  | 'service-changed'
  | 'no-recording-consent'
  | 'recording-withdrawn'
  | 'cannot-record';

export type TPermission = { allowed: true } | { allowed: false; reason: TDenialReason };

export type TDecisionFacts = {
  outcome: 'GIVEN' | 'REFUSED';
  transmission: boolean;
  thirdCountryTransfer: boolean | null;
  recording: boolean;
  videoServiceId: string;
  serviceFactsHash: string;
  disclosureHash: string;
  withdrawnAt: Date | null;
  recordingWithdrawnAt: Date | null;
};

export type TConsentEvaluation = { status: TConsentStatus; call: TPermission; recording: TPermission };

const deny = (reason: TDenialReason): TPermission => ({ allowed: false, reason });
const ALLOW: TPermission = { allowed: true };

/**
 * The one rule for "may this call start, may it be recorded". Every path (the member's join, the
 * advisor's start, recording) asks this function, so they cannot drift apart.
 *
 * @param decision the member's newest decision on the consultation, if any
 * @param consultation the service the call is on now and the hash of its facts (a changed fact, such
 *   as a new country, needs a new consent), whether it processes data outside the EU/EEA, whether it
 *   can record, and the hash of its current disclosure in the decision's language
 */
export function evaluateConsent(decision: TDecisionFacts | null, consultation: TConsultationFacts): TConsentEvaluation {
  const evaluation = evaluateDecision(decision, consultation);
  // A cancelled consultation has no call, whatever was agreed for it.
  return consultation.cancelled ? { ...evaluation, call: deny('cancelled'), recording: deny('cancelled') } : evaluation;
}

type TConsultationFacts = {
  videoServiceId: string;
  serviceFactsHash: string;
  thirdCountry: boolean;
  canRecord: boolean;
  currentDisclosureHash: string | null;
  cancelled?: boolean;
};

function evaluateDecision(decision: TDecisionFacts | null, consultation: TConsultationFacts): TConsentEvaluation {
  if (!decision) return { status: 'unanswered', call: deny('no-consent'), recording: deny('no-consent') };
  if (decision.outcome === 'REFUSED') return { status: 'refused', call: deny('refused'), recording: deny('refused') };
  if (decision.withdrawnAt) return { status: 'withdrawn', call: deny('withdrawn'), recording: deny('withdrawn') };
  if (decision.videoServiceId !== consultation.videoServiceId || decision.serviceFactsHash !== consultation.serviceFactsHash) {
    return { status: 'service-changed', call: deny('service-changed'), recording: deny('service-changed') };
  }
  if (decision.disclosureHash !== consultation.currentDisclosureHash) {
    return { status: 'outdated', call: deny('outdated'), recording: deny('outdated') };
  }
  // A decision recorded as GIVEN always has these; checked again so a bad row can never open a call.
  if (!decision.transmission || (consultation.thirdCountry && decision.thirdCountryTransfer !== true)) {
    return { status: 'unanswered', call: deny('no-consent'), recording: deny('no-consent') };
  }
  if (!decision.recording) return { status: 'given', call: ALLOW, recording: deny('no-recording-consent') };
  if (decision.recordingWithdrawnAt) return { status: 'recording-withdrawn', call: ALLOW, recording: deny('recording-withdrawn') };
  return { status: 'given-with-recording', call: ALLOW, recording: consultation.canRecord ? ALLOW : deny('cannot-record') };
}
