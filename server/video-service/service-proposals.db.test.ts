import { expect, it } from 'vitest';
import { createAccount } from '@/prisma/seed/factories';
import { authorizeJoin } from '@/server/consent/authorize-join';
import { getMemberConsultation } from '@/server/consultation/member-consultation';
import { listVideoServices } from '@/server/scheduling/schedule-consultation';
import { approveServiceProposal, rejectServiceProposal, withdrawServiceProposal } from '@/server/video-service/decide-service-proposal';
import { proposeService } from '@/server/video-service/propose-service';
import { makeZServiceProposalInput, serviceFieldErrors, type TServiceProposalForm } from '@/server/video-service/service-proposal-input';
import { getServiceProposal, listServicesForOfficer } from '@/server/video-service/service-overview';
import { describeEachDatabase, useTestDatabase } from '@/tests/database';
import { TEST_PASSWORD, actorFor, createScenario, giveConsent } from '@/tests/scenario';

function formOf(service: {
  key: string;
  name: string;
  operator: string;
  processingRegion: string;
  thirdCountries: string[];
  endToEndEncrypted: boolean;
  canRecord: boolean;
  joinUrlTemplate: string;
  access: string;
  jitsiAppId: string | null;
}): TServiceProposalForm {
  return {
    key: service.key,
    name: service.name,
    operator: service.operator,
    processingRegion: service.processingRegion,
    thirdCountries: service.thirdCountries.join(', '),
    endToEndEncrypted: service.endToEndEncrypted ? 'yes' : 'no',
    canRecord: service.canRecord ? 'yes' : 'no',
    joinUrlTemplate: service.joinUrlTemplate,
    access: service.access,
    jitsiAppId: service.jitsiAppId ?? '',
  };
}

describeEachDatabase('video service changes with four eyes', (kind) => {
  const database = useTestDatabase(kind);
  const prisma = () => database().prisma;

  let officers = 0;
  async function officer() {
    const account = await createAccount(prisma(), {
      kind: 'COMPLIANCE',
      loginName: `svc.officer.${kind}.${++officers}.${Date.now()}`,
      displayName: `Officer ${officers}`,
      password: TEST_PASSWORD,
    });
    return actorFor(account);
  }
  const logged = (eventType: string, proposalId: string) =>
    prisma().logQueueEntry.findMany({
      where: { eventType, payload: { path: ['proposalId'], equals: proposalId } },
      select: { payload: true },
    });

  it("applies a change only on a second officer's approval, logs it, and asks members to consent again", async () => {
    const s = await createScenario(prisma());
    await giveConsent(prisma(), s, { recording: false });
    const member = actorFor(s.member);
    const [proposer, reviewer] = [await officer(), await officer()];
    const service = await prisma().videoService.findUniqueOrThrow({ where: { id: s.services.own.id } });

    // A new fact: the service now also processes data in the United Kingdom.
    const proposed = await proposeService(proposer, service.id, {
      ...formOf(service),
      processingRegion: 'THIRD_COUNTRY',
      thirdCountries: 'gb',
    });
    if (proposed.kind !== 'proposed') throw new Error(JSON.stringify(proposed));
    expect(await proposeService(reviewer, service.id, { ...formOf(service), name: 'Noch ein Vorschlag' })).toEqual({ kind: 'pending' });
    expect((await prisma().videoService.findUniqueOrThrow({ where: { id: service.id } })).thirdCountries).toEqual([]);

    expect(await approveServiceProposal(proposer, proposed.proposalId)).toEqual({ kind: 'own-request' });
    await expect(
      prisma().videoServiceProposal.update({
        where: { id: proposed.proposalId },
        data: { outcome: 'APPROVED', decidedById: proposer.id, decidedAt: new Date() },
      }),
    ).rejects.toThrow(/four_eyes/);
    expect(await approveServiceProposal(reviewer, proposed.proposalId)).toEqual({ kind: 'applied', videoServiceId: service.id });
    expect(await approveServiceProposal(reviewer, proposed.proposalId)).toEqual({ kind: 'already-decided' });
    expect(await prisma().videoService.findUniqueOrThrow({ where: { id: service.id } })).toMatchObject({
      processingRegion: 'THIRD_COUNTRY',
      thirdCountries: ['GB'],
    });

    expect((await getMemberConsultation(prisma(), member, s.onOwn.id, 'de'))?.evaluation.status).toBe('service-changed');
    expect(await authorizeJoin(member, s.onOwn.id)).toMatchObject({ allowed: false, reason: 'service-changed' });

    const [proposedEntry] = await logged('video_service.change_proposed', proposed.proposalId);
    expect(proposedEntry!.payload).toMatchObject({ serviceKey: service.key, changes: ['processingRegion', 'thirdCountries'] });
    const [applied] = await logged('video_service.change_applied', proposed.proposalId);
    expect(applied!.payload).toMatchObject({
      videoServiceId: service.id,
      serviceKey: service.key,
      created: false,
      changes: ['processingRegion', 'thirdCountries'],
      settings: { thirdCountries: ['GB'] },
      factsHashBefore: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown,
    });
    await expect(prisma().videoServiceProposal.update({ where: { id: proposed.proposalId }, data: { name: 'anders' } })).rejects.toThrow(
      /decided/,
    );
    await expect(prisma().videoServiceProposal.delete({ where: { id: proposed.proposalId } })).rejects.toThrow();
  });

  it('creates a new service on approval; rejects with a note leave everything as it was', async () => {
    const [proposer, reviewer] = [await officer(), await officer()];
    const key = `neu-${kind}-${Date.now()}`;
    const form = formOf({
      key,
      name: 'Neuer Dienst',
      operator: 'Beispiel GmbH',
      processingRegion: 'EU_EEA',
      thirdCountries: [],
      endToEndEncrypted: true,
      canRecord: false,
      joinUrlTemplate: 'https://meet.example.org/{room}',
      access: 'LINK',
      jitsiAppId: null,
    });
    const rejectedOne = await proposeService(proposer, null, form);
    if (rejectedOne.kind !== 'proposed') throw new Error(rejectedOne.kind);
    expect(await rejectServiceProposal(reviewer, rejectedOne.proposalId, { note: '' })).toEqual({ kind: 'invalid' });
    expect(await rejectServiceProposal(reviewer, rejectedOne.proposalId, { note: 'Auftragsverarbeitungsvertrag fehlt.' })).toEqual({
      kind: 'rejected',
    });
    expect(await prisma().videoService.findUnique({ where: { key } })).toBeNull();
    const [rejected] = await logged('video_service.change_rejected', rejectedOne.proposalId);
    expect(rejected!.payload).toMatchObject({ serviceKey: key, noteSha256: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown });

    const second = await proposeService(proposer, null, form);
    if (second.kind !== 'proposed') throw new Error(second.kind);
    expect(await withdrawServiceProposal(reviewer, second.proposalId)).toEqual({ kind: 'not-found' });
    expect(await withdrawServiceProposal(proposer, second.proposalId)).toEqual({ kind: 'withdrawn' });
    const third = await proposeService(proposer, null, form);
    if (third.kind !== 'proposed') throw new Error(third.kind);
    const applied = await approveServiceProposal(reviewer, third.proposalId);
    expect(applied).toMatchObject({ kind: 'applied' });
    expect(await prisma().videoService.findUnique({ where: { key } })).toMatchObject({
      name: 'Neuer Dienst',
      operator: 'Beispiel GmbH',
      access: 'LINK',
    });
    expect(await proposeService(proposer, null, form)).toEqual({ kind: 'invalid', errors: [{ field: 'key', problem: 'keyTaken' }] });
    // Until a disclosure for it is published, members could not consent: advisors cannot schedule on it.
    const advisor = actorFor(
      await createAccount(prisma(), {
        kind: 'ADVISOR',
        loginName: `svc.advisor.${kind}.${Date.now()}`,
        displayName: 'Beratung',
        password: TEST_PASSWORD,
      }),
    );
    expect((await listVideoServices(advisor)).map((x) => x.name)).not.toContain('Neuer Dienst');
    expect((await getServiceProposal(reviewer, third.proposalId))?.proposal).toMatchObject({
      outcome: 'APPROVED',
      decidedBy: { id: reviewer.id },
    });
  });

  it('refuses a proposal approved over a change made since, and a proposal that changes nothing', async () => {
    const s = await createScenario(prisma());
    const [proposer, reviewer] = [await officer(), await officer()];
    const service = await prisma().videoService.findUniqueOrThrow({ where: { id: s.services.own.id } });
    expect(await proposeService(proposer, service.id, formOf(service))).toEqual({ kind: 'unchanged' });
    const proposed = await proposeService(proposer, service.id, { ...formOf(service), operator: 'Neuer Betreiber' });
    if (proposed.kind !== 'proposed') throw new Error(proposed.kind);
    await prisma().videoService.update({ where: { id: service.id }, data: { name: 'Inzwischen umbenannt' } });
    expect(await approveServiceProposal(reviewer, proposed.proposalId)).toEqual({ kind: 'stale' });
    expect((await prisma().videoService.findUniqueOrThrow({ where: { id: service.id } })).operator).toBe(service.operator);
  });

  it('validates every field, writes nothing for bad input, and lets nobody else in', async () => {
    const s = await createScenario(prisma());
    const proposer = await officer();
    const service = await prisma().videoService.findUniqueOrThrow({ where: { id: s.services.thirdParty.id } });
    const before = await prisma().videoServiceProposal.count();
    const result = await proposeService(proposer, null, {
      ...formOf(service),
      key: 'Nicht gültig!',
      name: '',
      thirdCountries: 'US, DE',
      endToEndEncrypted: 'vielleicht',
      joinUrlTemplate: 'http://example.org/{room}',
      access: 'JITSI_JWT',
    });
    expect(result).toEqual({
      kind: 'invalid',
      errors: [
        { field: 'key', problem: null },
        { field: 'name', problem: null },
        { field: 'thirdCountries', problem: 'countryInEea' },
        { field: 'endToEndEncrypted', problem: null },
        { field: 'joinUrlTemplate', problem: null },
      ],
    });
    // Cross-field problems are named once the fields themselves parse.
    const cross = await proposeService(proposer, service.id, { ...formOf(service), thirdCountries: '', access: 'JITSI_JWT' });
    expect(cross).toEqual({
      kind: 'invalid',
      errors: [
        { field: 'thirdCountries', problem: 'countriesMissing' },
        { field: 'jitsiAppId', problem: 'jitsiAppIdMissing' },
      ],
    });
    expect(await prisma().videoServiceProposal.count()).toBe(before);

    for (const outsider of [actorFor(s.advisor), actorFor(s.member)]) {
      expect(await listServicesForOfficer(outsider)).toBeNull();
      expect(await proposeService(outsider, service.id, { ...formOf(service), name: 'Von außen' })).toEqual({ kind: 'not-found' });
    }
    const proposed = await proposeService(proposer, service.id, { ...formOf(service), name: 'Skype (Archiv)' });
    if (proposed.kind !== 'proposed') throw new Error(proposed.kind);
    for (const outsider of [actorFor(s.advisor), actorFor(s.member)]) {
      expect(await getServiceProposal(outsider, proposed.proposalId)).toBeNull();
      expect(await approveServiceProposal(outsider, proposed.proposalId)).toEqual({ kind: 'not-found' });
      expect(await rejectServiceProposal(outsider, proposed.proposalId, { note: 'nein danke' })).toEqual({ kind: 'not-found' });
    }
    expect((await listServicesForOfficer(proposer))?.services.find((x) => x.id === service.id)?.openProposalId).toBe(proposed.proposalId);
  });
});

it('offers Jitsi and LiveKit access only where the server is configured for them', () => {
  const form = {
    key: 'neu',
    name: 'Neu',
    operator: 'Betreiber',
    processingRegion: 'EU_EEA',
    thirdCountries: '',
    endToEndEncrypted: 'yes',
    canRecord: 'no',
    joinUrlTemplate: 'https://meet.example.org/{room}',
    jitsiAppId: '',
  };
  const bare = makeZServiceProposalInput({ jitsi: false, livekit: false });
  for (const access of ['JITSI_JWT', 'LIVEKIT']) {
    const parsed = bare.safeParse({ ...form, access, jitsiAppId: access === 'JITSI_JWT' ? 'app' : '' });
    expect(parsed.success ? [] : serviceFieldErrors(parsed.error)).toEqual([{ field: 'access', problem: 'accessNotConfigured' }]);
  }
  const full = makeZServiceProposalInput({ jitsi: true, livekit: true });
  expect(full.safeParse({ ...form, access: 'LIVEKIT' }).success).toBe(true);
  for (const template of [
    'https://x.example/{room}/{room}',
    'https://user:pw@x.example/{room}',
    'https://x.example/room',
    'javascript:{room}',
  ]) {
    expect(full.safeParse({ ...form, access: 'LINK', joinUrlTemplate: template }).success, template).toBe(false);
  }
  expect(
    full.safeParse({ ...form, access: 'LINK', processingRegion: 'THIRD_COUNTRY', thirdCountries: 'xx' }).error?.issues[0]?.message,
  ).toBe('countryUnknown');
});

it("takes a demo service's stand-in page as its join address, for that service and plain links only", () => {
  const form = {
    key: 'vidario',
    name: 'Vidario',
    operator: 'Betreiber',
    processingRegion: 'EU_EEA',
    thirdCountries: '',
    endToEndEncrypted: 'yes',
    canRecord: 'no',
    joinUrlTemplate: '/demo-video/vidario/{room}',
    access: 'LINK',
    jitsiAppId: '',
  };
  const full = makeZServiceProposalInput({ jitsi: true, livekit: true });
  expect(full.safeParse(form).success).toBe(true);
  const problems = (changes: Partial<typeof form>) => {
    const parsed = full.safeParse({ ...form, ...changes });
    return parsed.success ? [] : serviceFieldErrors(parsed.error);
  };
  expect(problems({ key: 'other' })).toEqual([{ field: 'joinUrlTemplate', problem: null }]);
  expect(problems({ access: 'LIVEKIT' })).toEqual([{ field: 'joinUrlTemplate', problem: null }]);
  for (const template of ['/demo-video/vidario/x', '/elsewhere/{room}', '//evil.example/{room}', '/demo-video/vidario/{room}?a=b'])
    expect(problems({ joinUrlTemplate: template }), template).toEqual([{ field: 'joinUrlTemplate', problem: null }]);
});
