import { expect, it } from 'vitest';
import { appendLogEntry } from '@/server/audit-log/append-log-entry';
import type { TLogEvent } from '@/server/audit-log/event-types';
import { integrateQueuedEntries } from '@/server/audit-log/integrate-entries';
import type { TDb } from '@/server/db/client';
import { describeEachDatabase, useTestDatabase } from '@/tests/database';
import { loggedEntries } from '@/tests/logged-entries';

describeEachDatabase("the tests' reader of queued and chained log entries", (kind) => {
  const database = useTestDatabase(kind);

  it('finds an entry once when the integrator moves it into the chain between any two statements of the read', async () => {
    const { prisma } = database();
    await prisma.$transaction((tx) => appendLogEntry(tx, { eventType: 'auth.login', payload: { credentialId: 'moved' } }));
    // After every statement the reader sends, the integrator runs: a read in two statements sees the entry
    // in the queue and then again in the chain (or in neither, the other way round).
    const integratingBetween = prisma.$extends({
      query: {
        async $allOperations({ args, query }) {
          const result: unknown = await query(args);
          await integrateQueuedEntries(prisma);
          return result;
        },
      },
    }) as unknown as TDb;
    const found = await loggedEntries(integratingBetween, { payload: { key: 'credentialId', equals: 'moved' } });
    expect(found.map((e) => e.event_type)).toEqual(['auth.login']);
    expect(await prisma.logQueueEntry.count(), 'the integrator did run').toBe(0);
  });

  it('filters by event type, payload field and queue id, queued and chained alike, in queue order', async () => {
    const { prisma } = database();
    const append = (eventType: TLogEvent, credentialId: string) =>
      prisma.$transaction((tx) => appendLogEntry(tx, { eventType, payload: { credentialId } }));
    const first = await append('compliance.auditor_credential_created', 'c1');
    await integrateQueuedEntries(prisma);
    const second = await append('compliance.auditor_credential_revoked', 'c1');
    await append('compliance.auditor_credential_revoked', 'c2');

    const ofC1 = await loggedEntries(prisma, { payload: { key: 'credentialId', equals: 'c1' } });
    expect(ofC1.map((e) => [e.queue_id, e.event_type])).toEqual([
      [first.queueId, 'compliance.auditor_credential_created'],
      [second.queueId, 'compliance.auditor_credential_revoked'],
    ]);
    expect(await loggedEntries(prisma, { eventTypes: ['compliance.auditor_credential_revoked'] })).toHaveLength(2);
    expect(await loggedEntries(prisma, { queueIds: [first.queueId] })).toHaveLength(1);
    expect(await loggedEntries(prisma, { queueIds: [] })).toEqual([]);
  });
});
