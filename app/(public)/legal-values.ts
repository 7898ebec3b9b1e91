import 'server-only';
import { env } from '@/server/env';
import { organisation } from '@/server/legal/organisation';

/** The accessibility statement's date: when it was last reviewed against the pages (update on review). */
export const ACCESSIBILITY_REVIEWED = new Date('2026-11-26T12:00:00Z');

/** What the legal pages fill in: the organisation, and the retention periods as configured. */
export function legalValues(locale: string): Record<string, string | number> {
  const e = env();
  return {
    ...organisation(),
    date: new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'de-DE', { dateStyle: 'long', timeZone: 'Europe/Berlin' }).format(
      ACCESSIBILITY_REVIEWED,
    ),
    consentYears: e.RETENTION_CONSENT_LOG_YEARS,
    consultationYears: e.RETENTION_CONSULTATION_YEARS,
    callbackDays: e.RETENTION_CALLBACK_PHONE_DAYS,
    sessionDays: e.RETENTION_SESSION_DAYS,
    loginFailureDays: e.RETENTION_LOGIN_FAILURE_DAYS,
  };
}
