import { expect, it } from 'vitest';
import { appendLogEntry } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import { integrateQueuedEntries } from '@/server/audit-log/integrate-entries';
import { listLogEntries, listRecentLogEntries } from '@/server/audit-log/recent-entries';
import { createAccount } from '@/prisma/seed/factories';
import { describeEachDatabase, useTestDatabase } from '@/tests/database';
import { TEST_PASSWORD, actorFor, createScenario, giveConsent } from '@/tests/scenario';

describeEachDatabase("a consultation's log as the advisor sees it", (kind) => {
  const database = useTestDatabase(kind);

  it("never shows compliance's reads, and they push nothing out of the listing; compliance sees them", async () => {
    const { prisma } = database();
    const s = await createScenario(prisma);
    const officer = await createAccount(prisma, {
      kind: 'COMPLIANCE',
      loginName: `officer.reads.${kind}.${Date.now()}`,
      displayName: 'Prüferin',
      password: TEST_PASSWORD,
    });
    await giveConsent(prisma, s, { recording: false });
    // Compliance opens the timeline again and again: more often than the advisor's listing holds entries.
    const reads = 30;
    await prisma.$transaction(async (tx) => {
      for (let i = 0; i < reads; i++) {
        await appendLogEntry(tx, {
          eventType: LOG_EVENT.timelineViewed,
          consultationId: s.onOwn.id,
          payload: {},
          personal: { actorId: officer.id },
        });
      }
    });
    // Some integrated into the chain, some still queued: both halves of the listing are filtered.
    await integrateQueuedEntries(prisma);
    await prisma.$transaction((tx) =>
      appendLogEntry(tx, {
        eventType: LOG_EVENT.timelineViewed,
        consultationId: s.onOwn.id,
        payload: {},
        personal: { actorId: officer.id },
      }),
    );

    const advisorView = await listLogEntries(prisma, { consultationId: s.onOwn.id }, 20);
    expect(advisorView.map((e) => e.eventType)).not.toContain(LOG_EVENT.timelineViewed);
    expect(advisorView.map((e) => e.eventType)).toContain(LOG_EVENT.consentGiven);
    const complianceView = await listRecentLogEntries(prisma, actorFor(officer), { consultationId: s.onOwn.id }, 100);
    expect(complianceView.filter((e) => e.eventType === LOG_EVENT.timelineViewed)).toHaveLength(reads + 1);
  });
});
