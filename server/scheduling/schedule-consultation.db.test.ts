import { expect, it } from 'vitest';
import { authorizeJoin } from '@/server/consent/authorize-join';
import {
  cancelConsultation,
  handOverConsultation,
  listColleagues,
  rescheduleConsultation,
  scheduleConsultation,
} from '@/server/scheduling/schedule-consultation';
import { getAdvisorConsultation } from '@/server/call/advisor-consultation';
import { getMemberConsultation, listMemberConsultations } from '@/server/consultation/member-consultation';
import { describeEachDatabase, useTestDatabase } from '@/tests/database';
import { actorFor, createScenario } from '@/tests/scenario';

describeEachDatabase('scheduling and cancelling consultations', (kind) => {
  const database = useTestDatabase(kind);
  const now = new Date('2026-11-25T12:00:00Z');

  it('schedules for a member found by insurance number, in Berlin time, and logs it without the topic', async () => {
    const s = await createScenario(database().prisma);
    const result = await scheduleConsultation(
      actorFor(s.advisor),
      {
        member: ` ${s.member.loginName.slice(0, 5)} ${s.member.loginName.slice(5)} `,
        topic: 'Mutterschaftsgeld',
        date: '2026-12-01',
        time: '14:30',
        durationMinutes: '45',
        videoServiceId: s.services.own.id,
      },
      now,
    );
    expect(result.kind).toBe('scheduled');
    const id = (result as { consultationId: string }).consultationId;
    const created = await database().prisma.consultation.findUniqueOrThrow({ where: { id } });
    expect(created).toMatchObject({
      memberId: s.member.id,
      advisorId: s.advisor.id,
      topic: 'Mutterschaftsgeld',
      durationMinutes: 45,
      videoServiceId: s.services.own.id,
    });
    expect(created.startsAt.toISOString()).toBe('2026-12-01T13:30:00.000Z');
    expect(created.room).toMatch(/^cg-[0-9a-f]{24}$/);
    const [entry] = await database().prisma.logQueueEntry.findMany({ where: { consultationId: id } });
    expect(entry?.eventType).toBe('consultation.scheduled');
    expect(JSON.stringify(entry?.payload)).not.toContain('Mutterschaftsgeld');
    expect((await listMemberConsultations(database().prisma, actorFor(s.member), 'de', now)).map((c) => c.id)).toContain(id);
  });

  it('names every wrong field at once and writes nothing', async () => {
    const s = await createScenario(database().prisma);
    const before = await database().prisma.consultation.count();
    expect(
      await scheduleConsultation(
        actorFor(s.advisor),
        { member: 'A123456781', topic: 'x', date: '2026-03-29', time: '02:30', durationMinutes: '7', videoServiceId: 'nope' },
        now,
      ),
    ).toEqual({ kind: 'invalid', errors: ['member', 'topic', 'when', 'durationMinutes', 'videoServiceId'] });
    expect(
      await scheduleConsultation(
        actorFor(s.advisor),
        {
          member: 'Z999999999',
          topic: 'Beratung',
          date: '2026-11-24',
          time: '10:00',
          durationMinutes: '30',
          videoServiceId: s.services.own.id,
        },
        now,
      ),
    ).toEqual({ kind: 'invalid', errors: expect.arrayContaining(['whenPast']) as unknown });
    expect(
      await scheduleConsultation(
        actorFor(s.member),
        {
          member: s.member.loginName,
          topic: 'Beratung',
          date: '2026-12-01',
          time: '10:00',
          durationMinutes: '30',
          videoServiceId: s.services.own.id,
        },
        now,
      ),
    ).toEqual({
      kind: 'not-allowed',
    });
    expect(await database().prisma.consultation.count()).toBe(before);
  });

  it('lets the member or the advisor cancel, nobody else; then nobody joins', async () => {
    const s = await createScenario(database().prisma);
    const colleague = await createScenario(database().prisma, s.services);
    expect(await cancelConsultation(actorFor(colleague.advisor), s.onOwn.id)).toEqual({ kind: 'not-found' });
    expect(await cancelConsultation(actorFor(colleague.member), s.onOwn.id)).toEqual({ kind: 'not-found' });
    expect(await cancelConsultation(actorFor(s.member), s.onOwn.id)).toEqual({ kind: 'cancelled' });
    expect(await cancelConsultation(actorFor(s.advisor), s.onOwn.id)).toEqual({ kind: 'already-cancelled' });
    expect(await cancelConsultation(actorFor(s.advisor), s.onThirdParty.id)).toEqual({ kind: 'cancelled' });

    const cancelled = await getMemberConsultation(database().prisma, actorFor(s.member), s.onOwn.id, 'de');
    expect(cancelled?.evaluation.call).toEqual({ allowed: false, reason: 'cancelled' });
    expect(await authorizeJoin(actorFor(s.member), s.onOwn.id)).toMatchObject({ allowed: false, reason: 'cancelled' });
    const events = await database().prisma.logQueueEntry.findMany({
      where: { consultationId: { in: [s.onOwn.id, s.onThirdParty.id] } },
      orderBy: { id: 'asc' },
    });
    expect(
      events.map((e) => [e.eventType, (e.payload as { by?: string; reason?: string }).by ?? (e.payload as { reason?: string }).reason]),
    ).toEqual([
      ['consultation.cancelled', 'member'],
      ['consultation.cancelled', 'advisor'],
      ['call.join_denied', 'cancelled'],
    ]);
  });

  it('hands a consultation to a colleague, who alone sees it from then on; the member sees who will call', async () => {
    const s = await createScenario(database().prisma);
    const colleague = await createScenario(database().prisma, s.services);
    expect((await listColleagues(actorFor(s.advisor))).map((a) => a.id)).toContain(colleague.advisor.id);
    expect(await handOverConsultation(actorFor(s.advisor), s.onOwn.id, s.advisor.id)).toEqual({ kind: 'invalid' });
    expect(await handOverConsultation(actorFor(s.advisor), s.onOwn.id, s.member.id)).toEqual({ kind: 'invalid' });
    expect(await handOverConsultation(actorFor(colleague.advisor), s.onOwn.id, s.advisor.id)).toEqual({ kind: 'not-found' });
    expect(await handOverConsultation(actorFor(s.advisor), s.onOwn.id, colleague.advisor.id)).toEqual({
      kind: 'handed-over',
      to: colleague.advisor.displayName,
    });

    expect(await getAdvisorConsultation(database().prisma, actorFor(s.advisor), s.onOwn.id)).toBeNull();
    expect(await getAdvisorConsultation(database().prisma, actorFor(colleague.advisor), s.onOwn.id)).not.toBeNull();
    const [entry] = await database().prisma.logQueueEntry.findMany({ where: { consultationId: s.onOwn.id } });
    expect(entry).toMatchObject({ eventType: 'consultation.handed_over', payload: { channel: 'web' } });
    // Who handed to whom: in the erasable personal row only, never in the chained entry.
    expect(JSON.stringify(entry!.payload)).not.toContain(colleague.advisor.id);
    const personal = await database().prisma.logEntryPersonal.findUniqueOrThrow({ where: { queueId: entry!.id } });
    expect(personal.data).toMatchObject({ actorId: s.advisor.id, recipientId: colleague.advisor.id });
  });

  it('reschedules: a new time keeps the consent, a new service asks the member again; the log names what changed', async () => {
    const s = await createScenario(database().prisma);
    const advisor = actorFor(s.advisor);
    const base = { topic: s.onOwn.topic, date: '2026-12-02', time: '09:00', durationMinutes: '30', videoServiceId: s.services.own.id };
    expect(await rescheduleConsultation(actorFor(s.member), s.onOwn.id, base, now)).toEqual({ kind: 'not-found' });
    expect(await rescheduleConsultation(advisor, s.onOwn.id, { ...base, time: '25:00' }, now)).toEqual({
      kind: 'invalid',
      errors: ['when'],
    });
    expect(await rescheduleConsultation(advisor, s.onOwn.id, base, now)).toEqual({ kind: 'rescheduled' });
    expect(await rescheduleConsultation(advisor, s.onOwn.id, base, now)).toEqual({ kind: 'unchanged' });
    expect((await database().prisma.consultation.findUniqueOrThrow({ where: { id: s.onOwn.id } })).startsAt.toISOString()).toBe(
      '2026-12-02T08:00:00.000Z',
    );
    expect(
      await rescheduleConsultation(advisor, s.onOwn.id, { ...base, videoServiceId: s.services.thirdParty.id, topic: 'Neues Thema' }, now),
    ).toEqual({ kind: 'rescheduled' });
    const entries = await database().prisma.logQueueEntry.findMany({ where: { consultationId: s.onOwn.id }, orderBy: { id: 'asc' } });
    expect(entries.map((e) => e.payload)).toEqual([
      { changes: { startsAt: '2026-12-02T08:00:00.000Z' }, channel: 'web' },
      { changes: { videoServiceId: s.services.thirdParty.id, topicChanged: true }, channel: 'web' },
    ]);
  });
});
