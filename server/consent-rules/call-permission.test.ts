import { describe, expect, it } from 'vitest';
import { type TDecisionFacts, evaluateConsent } from '@/server/consent-rules/call-permission';

const consultation = { videoServiceId: 'svc-1', serviceFactsHash: 'f1', thirdCountry: true, canRecord: true, currentDisclosureHash: 'h1' };
const given: TDecisionFacts = {
  outcome: 'GIVEN',
  transmission: true,
  thirdCountryTransfer: true,
  recording: false,
  videoServiceId: 'svc-1',
  serviceFactsHash: 'f1',
  disclosureHash: 'h1',
  withdrawnAt: null,
  recordingWithdrawnAt: null,
};

describe('evaluateConsent', () => {
  it('denies everything without a decision', () => {
    expect(evaluateConsent(null, consultation)).toEqual({
      status: 'unanswered',
      call: { allowed: false, reason: 'no-consent' },
      recording: { allowed: false, reason: 'no-consent' },
    });
  });
  it('allows the call but not recording when recording was not opted in', () => {
    const result = evaluateConsent(given, consultation);
    expect(result.status).toBe('given');
    expect(result.call).toEqual({ allowed: true });
    expect(result.recording).toEqual({ allowed: false, reason: 'no-recording-consent' });
  });
  it('allows recording only with an opt-in that was not withdrawn', () => {
    expect(evaluateConsent({ ...given, recording: true }, consultation).recording).toEqual({ allowed: true });
    const withdrawn = evaluateConsent({ ...given, recording: true, recordingWithdrawnAt: new Date() }, consultation);
    expect(withdrawn).toMatchObject({ status: 'recording-withdrawn', call: { allowed: true }, recording: { allowed: false } });
    expect(evaluateConsent({ ...given, recording: true }, { ...consultation, canRecord: false }).recording).toEqual({
      allowed: false,
      reason: 'cannot-record',
    });
  });
  it('denies after refusal or withdrawal', () => {
    expect(evaluateConsent({ ...given, outcome: 'REFUSED', transmission: false }, consultation).call).toEqual({
      allowed: false,
      reason: 'refused',
    });
    expect(evaluateConsent({ ...given, recording: true, withdrawnAt: new Date() }, consultation)).toMatchObject({
      status: 'withdrawn',
      recording: { allowed: false, reason: 'withdrawn' },
    });
  });
  it('asks again when the service or a fact about it changed, or a newer disclosure was published', () => {
    expect(evaluateConsent(given, { ...consultation, videoServiceId: 'svc-2' }).call).toEqual({
      allowed: false,
      reason: 'service-changed',
    });
    expect(evaluateConsent(given, { ...consultation, serviceFactsHash: 'f2' }).call).toEqual({ allowed: false, reason: 'service-changed' });
    expect(evaluateConsent(given, { ...consultation, currentDisclosureHash: 'h2' }).call).toEqual({ allowed: false, reason: 'outdated' });
  });
  it('never opens a third-country call without the transfer consent', () => {
    expect(evaluateConsent({ ...given, thirdCountryTransfer: null }, consultation).call.allowed).toBe(false);
    expect(evaluateConsent({ ...given, thirdCountryTransfer: null }, { ...consultation, thirdCountry: false }).call.allowed).toBe(true);
  });

  it('allows neither call nor recording on a cancelled consultation, whatever was agreed', () => {
    const cancelled = { ...consultation, cancelled: true };
    expect(evaluateConsent({ ...given, recording: true }, cancelled)).toEqual({
      status: 'given-with-recording',
      call: { allowed: false, reason: 'cancelled' },
      recording: { allowed: false, reason: 'cancelled' },
    });
  });
});
