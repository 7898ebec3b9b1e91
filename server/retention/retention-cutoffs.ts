import 'server-only';
import { type TEnv, env } from '@/server/env';

/** What the purge removes, each with its own period (docs/decisions/0029). */
export const RECORD_TYPES = [
  'consentLog',
  'consultations',
  'callbackPhones',
  'sessions',
  'loginFailures',
  'passwordLetters',
  'webhookEvents',
  'logExports',
] as const;
export type TRecordType = (typeof RECORD_TYPES)[number];

/** For each record type, the instant before which its records have expired. */
export type TCutoffs = Record<TRecordType, Date>;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The year in Germany at `now` (a year ends at midnight in Berlin, not in UTC). */
function berlinYear(now: Date): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: 'Europe/Berlin', year: 'numeric' }).format(now));
}

/** 1 January, 00:00 in Berlin: always CET (UTC+1), summer time never starts in January. */
function startOfBerlinYear(year: number): Date {
  return new Date(Date.UTC(year, 0, 1) - 60 * 60 * 1000);
}

/**
 * Kept for `years` whole calendar years after the year of the event, as German social law counts such
 * periods (e.g. § 45 SGB I: four years after the end of the calendar year): an event of year Y goes
 * when year Y + years + 1 begins.
 */
function yearsCutoff(now: Date, years: number): Date {
  return startOfBerlinYear(berlinYear(now) - years);
}

function daysCutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

type TPeriods = Pick<
  TEnv,
  | 'RETENTION_CONSENT_LOG_YEARS'
  | 'RETENTION_CONSULTATION_YEARS'
  | 'RETENTION_CALLBACK_PHONE_DAYS'
  | 'RETENTION_SESSION_DAYS'
  | 'RETENTION_LOGIN_FAILURE_DAYS'
  | 'RETENTION_PASSWORD_LETTER_DAYS'
  | 'RETENTION_WEBHOOK_EVENT_DAYS'
  | 'RETENTION_LOG_EXPORT_DAYS'
>;

/** The cut-offs at `now` for the configured retention periods. */
export function retentionCutoffs(now: Date, periods: TPeriods = env()): TCutoffs {
  return {
    consentLog: yearsCutoff(now, periods.RETENTION_CONSENT_LOG_YEARS),
    consultations: yearsCutoff(now, periods.RETENTION_CONSULTATION_YEARS),
    callbackPhones: daysCutoff(now, periods.RETENTION_CALLBACK_PHONE_DAYS),
    sessions: daysCutoff(now, periods.RETENTION_SESSION_DAYS),
    loginFailures: daysCutoff(now, periods.RETENTION_LOGIN_FAILURE_DAYS),
    passwordLetters: daysCutoff(now, periods.RETENTION_PASSWORD_LETTER_DAYS),
    webhookEvents: daysCutoff(now, periods.RETENTION_WEBHOOK_EVENT_DAYS),
    logExports: daysCutoff(now, periods.RETENTION_LOG_EXPORT_DAYS),
  };
}
