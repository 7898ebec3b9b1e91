import { describe, expect, it } from 'vitest';
import { retentionCutoffs } from '@/server/retention/retention-cutoffs';

const periods = {
  RETENTION_CONSENT_LOG_YEARS: 4,
  RETENTION_CONSULTATION_YEARS: 2,
  RETENTION_CALLBACK_PHONE_DAYS: 30,
  RETENTION_SESSION_DAYS: 30,
  RETENTION_LOGIN_FAILURE_DAYS: 90,
  RETENTION_PASSWORD_LETTER_DAYS: 90,
  RETENTION_WEBHOOK_EVENT_DAYS: 7,
  RETENTION_LOG_EXPORT_DAYS: 90,
};

describe('retention cut-offs', () => {
  it('keeps evidence whole calendar years after the year of the event, counted in Berlin', () => {
    const cutoffs = retentionCutoffs(new Date('2026-11-26T12:00:00Z'), periods);
    // Entries of 2021 go once 2026 has begun: four whole years (2022–2025) after their year.
    expect(cutoffs.consentLog.toISOString()).toBe('2021-12-31T23:00:00.000Z');
    expect(cutoffs.consultations.toISOString()).toBe('2023-12-31T23:00:00.000Z');
  });

  it('counts the new year from midnight in Berlin, an hour before it begins in UTC', () => {
    expect(retentionCutoffs(new Date('2026-12-31T22:59:59Z'), periods).consentLog.toISOString()).toBe('2021-12-31T23:00:00.000Z');
    expect(retentionCutoffs(new Date('2026-12-31T23:00:00Z'), periods).consentLog.toISOString()).toBe('2022-12-31T23:00:00.000Z');
  });

  it('keeps operational records a number of days', () => {
    const cutoffs = retentionCutoffs(new Date('2026-11-26T12:00:00Z'), periods);
    expect(cutoffs.sessions.toISOString()).toBe('2026-10-27T12:00:00.000Z');
    expect(cutoffs.callbackPhones.toISOString()).toBe('2026-10-27T12:00:00.000Z');
    expect(cutoffs.loginFailures.toISOString()).toBe('2026-08-28T12:00:00.000Z');
    expect(cutoffs.webhookEvents.toISOString()).toBe('2026-11-19T12:00:00.000Z');
    expect(cutoffs.logExports.toISOString()).toBe('2026-08-28T12:00:00.000Z');
  });
});
