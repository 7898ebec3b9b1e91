import { describe, expect, it } from 'vitest';
import { seedDemoData } from '@/prisma/seed/demo-data';
import { HISTORY_DAYS } from '@/prisma/seed/demo-history';
import { installSeedClock } from '@/prisma/seed/seed-clock';
import { integrateQueuedEntries } from '@/server/audit-log/integrate-entries';
import { overviewStats } from '@/server/compliance/overview-stats';
import { verifyChain } from '@/server/transparency/verify-chain';
import { actorFor } from '@/tests/scenario';
import { useTestDatabase } from '@/tests/database';

const RealDate = Date;
// A Saturday night, as when the demo is started late: the history ends on Friday.
const NOW = new Date('2026-12-05T22:40:00Z');

describe('the demo history [pglite]', () => {
  const database = useTestDatabase('pglite');

  it("plays the last 30 days through the app's functions on an empty log, and not again", async () => {
    const { prisma } = database();
    const seeded = await seedDemoData(prisma, NOW, { history: true });
    expect(globalThis.Date).toBe(RealDate);
    expect(seeded.historyConsultations).toBeGreaterThan(60);

    const span = await prisma.logQueueEntry.aggregate({ _min: { recordedAt: true }, _max: { recordedAt: true }, _count: true });
    expect(span._count).toBeGreaterThan(300);
    expect(span._min.recordedAt!.getTime()).toBeLessThan(NOW.getTime() - (HISTORY_DAYS - 5) * 86_400_000);
    expect(span._max.recordedAt!.getTime()).toBeLessThan(NOW.getTime());
    // Nothing was written after the clock returned: today's consultations are not logged, the history is.
    const byType = await prisma.logQueueEntry.groupBy({ by: ['eventType'], _count: { _all: true } });
    const count = (type: string) => byType.find((t) => t.eventType === type)?._count._all ?? 0;
    expect(count('consultation.scheduled')).toBe(seeded.historyConsultations);
    for (const type of [
      'consent.given',
      'consent.refused',
      'consent.withdrawn',
      'call.join_denied',
      'recording.started',
      'call.not_ended',
      'recording.stop_not_confirmed',
    ])
      expect(count(type), type).toBeGreaterThan(0);
    expect(await prisma.violation.findMany({ select: { kind: true, status: true }, orderBy: { detectedAt: 'asc' } })).toEqual([
      { kind: 'CALL_NOT_ENDED', status: 'CLOSED' },
      { kind: 'STOP_NOT_CONFIRMED', status: 'OPEN' },
    ]);

    // Integrated (as the app does when it starts), the log verifies and the overview's charts have
    // something on most working days.
    await integrateQueuedEntries(prisma);
    const verified = await verifyChain(database());
    expect(verified.ok).toBe(true);
    expect(verified.entriesChecked).toBe(span._count);
    const officer = await prisma.account.findUniqueOrThrow({ where: { loginName: 'k.schmidt' } });
    const days = (await overviewStats(prisma, actorFor(officer), { now: NOW }))?.days ?? [];
    expect(days.filter((d) => d.given > 0).length).toBeGreaterThan(12);

    const again = await seedDemoData(prisma, new RealDate(NOW.getTime() + 86_400_000), { history: true });
    expect(again.historyConsultations).toBe(0);
    expect(await prisma.logQueueEntry.count()).toBe(0);
    expect(await prisma.logEntry.count()).toBe(span._count);
  });
});

describe('the seed clock', () => {
  it('refuses production, a second clock and going back', () => {
    expect(() => installSeedClock(new Date(0), { NODE_ENV: 'production' })).toThrow(/never in production/);
    const clock = installSeedClock(new Date('2026-11-01T09:00:00Z'), {});
    try {
      expect(new Date().toISOString()).toBe('2026-11-01T09:00:00.000Z');
      expect(Date.now()).toBe(Date.parse('2026-11-01T09:00:00Z'));
      expect(new RealDate(5) instanceof Date).toBe(true);
      expect(() => installSeedClock(new Date(0), {})).toThrow(/already/);
      expect(() => clock.set(new Date('2026-10-31T09:00:00Z'))).toThrow(/does not go back/);
      clock.set(new Date('2026-11-02T10:00:00Z'));
      expect(new Date().toISOString()).toBe('2026-11-02T10:00:00.000Z');
    } finally {
      clock.restore();
    }
    expect(globalThis.Date).toBe(RealDate);
  });
});
