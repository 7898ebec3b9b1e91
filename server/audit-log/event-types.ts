import 'server-only';

export const LOG_EVENT = {
  consentGiven: 'consent.given',
  consentRefused: 'consent.refused',
  consentWithdrawn: 'consent.withdrawn',
  recordingWithdrawn: 'consent.recording_withdrawn',
  joinAllowed: 'call.join_allowed',
  joinDenied: 'call.join_denied',
  /** Denied joins of one person at one call after the first in a window, as one entry when the window closed (0051). */
  joinDeniedRepeated: 'call.join_denied_repeated',
  callStartAllowed: 'call.start_allowed',
  callStartDenied: 'call.start_denied',
  recordingStarted: 'recording.started',
  recordingStartDenied: 'recording.start_denied',
  recordingStopped: 'recording.stopped',
  recordingStopDenied: 'recording.stop_denied',
  recordingStopDemanded: 'recording.stop_demanded',
  /** The video service reported a recording the consent does not allow. */
  recordingViolation: 'recording.violation',
  /** The gateway closed the service's room because the call was no longer allowed. */
  callRoomClosed: 'call.room_closed',
  /** A running call may no longer go on (a withdrawal): it must end by the deadline in the payload. */
  callEndDemanded: 'call.end_demanded',
  /** The advisor confirmed that a call the gateway cannot end itself has ended. */
  callEnded: 'call.ended',
  /** A demanded end of a call was not confirmed by its deadline. */
  callNotEnded: 'call.not_ended',
  /** A call to the video service's API failed; what it should have done is left to the advisor. */
  videoControlFailed: 'video.control_failed',
  /** A report (webhook) from the video service that was not accepted: unsigned, wrongly signed, expired or replayed. */
  videoWebhookRejected: 'video.webhook_rejected',
  /** A correctly signed delivery handled before (a retry or a replay): changes nothing. */
  videoWebhookDuplicate: 'video.webhook_duplicate',
  consultationScheduled: 'consultation.scheduled',
  consultationCancelled: 'consultation.cancelled',
  consultationRescheduled: 'consultation.rescheduled',
  consultationHandedOver: 'consultation.handed_over',
  /** A compliance officer asked for a disclosure draft to be published (four-eyes, docs/decisions/0027). */
  disclosurePublicationRequested: 'disclosure.publication_requested',
  /** The author took the request back. */
  disclosurePublicationWithdrawn: 'disclosure.publication_withdrawn',
  /** A second officer approved: the text is now a published version. */
  disclosurePublished: 'disclosure.published',
  /** A second officer rejected the request, with a note (logged as its hash). */
  disclosurePublicationRejected: 'disclosure.publication_rejected',
  /** A compliance officer proposed a new video service or a change to one. */
  serviceChangeProposed: 'video_service.change_proposed',
  serviceChangeWithdrawn: 'video_service.change_withdrawn',
  /** A second officer approved: the change is applied. */
  serviceChangeApplied: 'video_service.change_applied',
  serviceChangeRejected: 'video_service.change_rejected',
  login: 'auth.login',
  logout: 'auth.logout',
  passwordChanged: 'auth.password_changed',
  /** Before docs/decisions/0042: an administrator or advisor downloaded a letter with a new initial password. */
  passwordLetterIssued: 'auth.password_letter_issued',
  /** An administrator or advisor asked the print system for a password letter (and perhaps blocked sign-in). */
  passwordLetterRequested: 'auth.password_letter_requested',
  /** The print system fetched a letter: its code replaced the member's password, their sessions ended. */
  passwordLetterHanded: 'print.letter_handed',
  /** The print system reported a letter printed. */
  passwordLetterPrinted: 'print.letter_printed',
  /** The print system reported a letter failed: its code is void, and a new letter may be requested. */
  passwordLetterFailed: 'print.letter_failed',
  /** An administrator made a credential for the print system's API. */
  printCredentialCreated: 'admin.print_credential_created',
  /** A second administrator activated a print credential (four eyes): from now on it fetches letters. */
  printCredentialActivated: 'admin.print_credential_activated',
  /** An administrator revoked a print credential. */
  printCredentialRevoked: 'admin.print_credential_revoked',
  /** An administrator created a staff account (joiner). */
  staffAccountCreated: 'admin.account_created',
  /** An administrator moved a staff account to another role; its sessions ended. */
  staffRoleChanged: 'admin.role_changed',
  /** An administrator deactivated a staff account (leaver); its sessions ended. */
  staffAccountDeactivated: 'admin.account_deactivated',
  /** An administrator cleared the sign-in throttle of an account's name. */
  signInUnlocked: 'admin.sign_in_unlocked',
  /** A staff member set up the second factor (TOTP) and got recovery codes (docs/decisions/0040). */
  secondFactorEnrolled: 'auth.second_factor_enrolled',
  /** An advisor chose to set up the second factor later (within the grace period). */
  secondFactorPostponed: 'auth.second_factor_postponed',
  /** New recovery codes replaced the old ones; the account's other sessions ended. */
  recoveryCodesRegenerated: 'auth.recovery_codes_regenerated',
  /** A recovery code was used to sign in (it is used up). */
  recoveryCodeUsed: 'auth.recovery_code_used',
  /** An administrator removed an account's second factor (lost phone); it must be set up again. */
  secondFactorReset: 'auth.second_factor_reset',
  /** A compliance officer looked a member up by insurance or company number (found or not). */
  memberLookedUp: 'compliance.member_lookup',
  /** A compliance officer searched the log for one member's entries. */
  memberLogSearched: 'compliance.member_log_searched',
  /** A compliance officer opened a consultation's timeline. */
  timelineViewed: 'compliance.timeline_viewed',
  exportCreated: 'compliance.export_created',
  /** The export's file was produced in full; the entry carries its SHA-256 and row count. */
  exportCompleted: 'compliance.export_completed',
  /** A demanded recording stop was not confirmed by its deadline. */
  stopNotConfirmed: 'recording.stop_not_confirmed',
  caseInvestigationStarted: 'violation.investigation_started',
  caseClosed: 'violation.closed',
  /** A retention purge: its cut-offs and how many expired records of each type it found and erases (no personal data). */
  retentionPurged: 'retention.purged',
  /** A witness refused a checkpoint as inconsistent with one it cosigned, or holds a larger tree than the log (0056). */
  witnessRefused: 'witness.refused',
  /** The newest witnessed checkpoint lags the log by more than the set limit. */
  witnessLagAlarm: 'witness.lag_alarm',
  /** Witnessing caught up again after a lag alarm. */
  witnessLagCleared: 'witness.lag_cleared',
  /** A compliance officer made a credential for an outside auditor to read entry bundles (docs/decisions/0057). */
  auditorCredentialCreated: 'compliance.auditor_credential_created',
  /** A second officer activated an auditor credential (four eyes): from now on it reads the entries of its range. */
  auditorCredentialActivated: 'compliance.auditor_credential_activated',
  /** An officer revoked an auditor credential. */
  auditorCredentialRevoked: 'compliance.auditor_credential_revoked',
  /** A member downloaded or viewed all their own data (GDPR Art. 15/20); the format, no personal data in the payload. */
  memberDataExported: 'member.data_exported',
} as const;

export type TLogEvent = (typeof LOG_EVENT)[keyof typeof LOG_EVENT];

/** Entries the gateway logs of its own accord, with no person acting (besides those whose payload says `by: 'gateway'`). */
export const SYSTEM_EVENTS: readonly string[] = [
  LOG_EVENT.recordingViolation,
  LOG_EVENT.videoControlFailed,
  LOG_EVENT.videoWebhookRejected,
  LOG_EVENT.videoWebhookDuplicate,
  LOG_EVENT.retentionPurged,
  LOG_EVENT.witnessRefused,
  LOG_EVENT.witnessLagAlarm,
  LOG_EVENT.witnessLagCleared,
];

/**
 * Compliance's own reads and exports. Need-to-know: nobody but compliance sees them in a listing, so an
 * advisor whose consultation is under review is not told that compliance is looking.
 */
export const COMPLIANCE_READ_EVENTS: readonly string[] = [
  LOG_EVENT.memberLookedUp,
  LOG_EVENT.memberLogSearched,
  LOG_EVENT.timelineViewed,
  LOG_EVENT.exportCreated,
  LOG_EVENT.exportCompleted,
];
