import { afterEach, expect, it } from 'vitest';
import { performCallAction } from '@/server/call/call-actions';
import { type TConsultationChange, stopConsultationChanges, subscribeToConsultationChanges } from '@/server/live/consultation-changes';
import { describeEachDatabase, useTestDatabase } from '@/tests/database';
import { actorFor, createScenario } from '@/tests/scenario';

describeEachDatabase('changes announced to open pages', (kind) => {
  const database = useTestDatabase(kind);
  afterEach(() => stopConsultationChanges());

  it('announces a committed change with the consultation and its advisor, and nothing that rolled back', async () => {
    const s = await createScenario(database().prisma);
    const seen: TConsultationChange[] = [];
    const unsubscribe = await subscribeToConsultationChanges((change) => seen.push(change));
    const nextChange = () =>
      new Promise<void>((resolve) => {
        const poll = setInterval(() => {
          if (seen.length === 0) return;
          clearInterval(poll);
          resolve();
        }, 10);
      });

    await expect(
      database().prisma.$transaction(async (tx) => {
        await tx.consultation.update({ where: { id: s.onOwn.id }, data: { topic: 'Geändert' } });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    // A denied start changes nothing on the consultation: only the log learns of it.
    await performCallAction(actorFor(s.advisor), s.onOwn.id, 'start-call');
    await database().prisma.consultation.update({ where: { id: s.onThirdParty.id }, data: { topic: 'Neu' } });
    await nextChange();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen).toEqual([{ consultationId: s.onThirdParty.id, advisorId: s.advisor.id }]);
    unsubscribe();
  });
});
