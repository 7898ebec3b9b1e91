import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { DENIAL_WINDOW_MS, denialWindowStart, summariseClosedDenialWindows } from '@/server/audit-log/denied-attempts';
import { integrateQueuedEntries } from '@/server/audit-log/integrate-entries';
import { overviewStats } from '@/server/compliance/overview-stats';
import { authorizeJoin } from '@/server/consent/authorize-join';
import { describeEachDatabase, useTestDatabase } from '@/tests/database';
import { actorFor, createScenario } from '@/tests/scenario';

describeEachDatabase('repeated denied joins', (kind) => {
  const database = useTestDatabase(kind);
  const entries = (eventType: string, actorId: string) =>
    database().prisma.$queryRaw<{ consultation_id: string | null; payload: Record<string, unknown> }[]>`
      SELECT q.consultation_id::text, q.payload FROM consent_log_queue q JOIN consent_log_personal p ON p.queue_id = q.id
      WHERE q.event_type = ${eventType} AND p.data->>'actorId' = ${actorId} ORDER BY q.id`;

  // In the middle of a window, so that no test run crosses into the next one.
  const midWindow = () => new Date(denialWindowStart(new Date()).getTime() + DENIAL_WINDOW_MS / 2);
  const afterIt = (now: Date) => new Date(now.getTime() + DENIAL_WINDOW_MS);

  it('logs the first denied join per call and window, counts the rest, and writes the count as one entry when the window has closed', async () => {
    const s = await createScenario(database().prisma);
    const member = actorFor(s.member);
    const now = midWindow();
    // No consent yet: every join is denied. 100 at one call, and 30 at calls that are not the member's.
    for (let i = 0; i < 100; i++)
      expect(await authorizeJoin(member, s.onOwn.id, now)).toMatchObject({ allowed: false, reason: 'no-consent' });
    for (let i = 0; i < 30; i++)
      expect(await authorizeJoin(member, randomUUID(), now)).toMatchObject({ allowed: false, reason: 'not-found' });
    const denied = await entries('call.join_denied', s.member.id);
    expect(denied.map((e) => e.consultation_id)).toEqual([s.onOwn.id, null]);

    // Nothing is summarised while the window is open; once it has closed, one entry per call carries the count.
    expect(await summariseClosedDenialWindows(database().prisma, now)).toBe(0);
    expect(await summariseClosedDenialWindows(database().prisma, afterIt(now))).toBe(2);
    const summaries = await entries('call.join_denied_repeated', s.member.id);
    expect(summaries.map((e) => [e.consultation_id, e.payload.reason, e.payload.further])).toEqual([
      [s.onOwn.id, 'no-consent', 99],
      [null, 'not-found', 29],
    ]);
    expect(Date.parse(summaries[0]!.payload.from as string)).toBeLessThanOrEqual(Date.parse(summaries[0]!.payload.to as string));
    // Summarised once: a second sweep (another instance's, say) finds nothing left.
    expect(await summariseClosedDenialWindows(database().prisma, afterIt(now))).toBe(0);
    // Compliance's overview counts every attempt, the summarised ones too.
    await integrateQueuedEntries(database().prisma);
    const officer = actorFor({ id: randomUUID(), kind: 'COMPLIANCE', displayName: 'Prüfung' });
    expect((await overviewStats(database().prisma, officer, { days: 2 }))!.totals.denied).toBe(130);
  });

  it('logs exactly one of 20 simultaneous denied joins in full and counts the other 19', async () => {
    const s = await createScenario(database().prisma);
    const now = midWindow();
    await Promise.all(Array.from({ length: 20 }, () => authorizeJoin(actorFor(s.member), s.onOwn.id, now)));
    expect(await entries('call.join_denied', s.member.id)).toHaveLength(1);
    await summariseClosedDenialWindows(database().prisma, afterIt(now));
    expect((await entries('call.join_denied_repeated', s.member.id)).map((e) => e.payload.further)).toEqual([19]);
  });
});
