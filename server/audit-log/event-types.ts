import 'server-only';

export const LOG_EVENT = {
  consentGiven: 'consent.given',
  consentRefused: 'consent.refused',
  consentWithdrawn: 'consent.withdrawn',
  recordingWithdrawn: 'consent.recording_withdrawn',
  joinAllowed: 'call.join_allowed',
  joinDenied: 'call.join_denied',
  callStartAllowed: 'call.start_allowed',
  callStartDenied: 'call.start_denied',
  recordingStarted: 'recording.started',
  recordingStartDenied: 'recording.start_denied',
  recordingStopped: 'recording.stopped',
  recordingStopDenied: 'recording.stop_denied',
  recordingStopDemanded: 'recording.stop_demanded',
  consultationScheduled: 'consultation.scheduled',
  consultationCancelled: 'consultation.cancelled',
  consultationRescheduled: 'consultation.rescheduled',
  consultationHandedOver: 'consultation.handed_over',
  login: 'auth.login',
  logout: 'auth.logout',
  passwordChanged: 'auth.password_changed',
} as const;

export type TLogEvent = (typeof LOG_EVENT)[keyof typeof LOG_EVENT];
