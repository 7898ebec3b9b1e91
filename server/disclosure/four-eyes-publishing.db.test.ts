import { expect, it } from 'vitest';
import { createAccount } from '@/prisma/seed/factories';
import { authorizeJoin } from '@/server/consent/authorize-join';
import { performCallAction } from '@/server/call/call-actions';
import { getMemberConsultation } from '@/server/consultation/member-consultation';
import { currentDisclosure } from '@/server/disclosure/current-disclosure';
import { approvePublication, rejectPublication } from '@/server/disclosure/decide-publication';
import { listDisclosureOverview } from '@/server/disclosure/disclosure-overview';
import { getDisclosureDraft } from '@/server/disclosure/get-draft';
import { requestPublication, withdrawPublicationRequest } from '@/server/disclosure/request-publication';
import { createDisclosureDraft, updateDisclosureDraft } from '@/server/disclosure/save-draft';
import { describeEachDatabase, useTestDatabase } from '@/tests/database';
import { TEST_PASSWORD, actorFor, createScenario, giveConsent } from '@/tests/scenario';

describeEachDatabase('publishing a disclosure with four eyes', (kind) => {
  const database = useTestDatabase(kind);
  const prisma = () => database().prisma;

  let officers = 0;
  async function officer() {
    const account = await createAccount(prisma(), {
      kind: 'COMPLIANCE',
      loginName: `officer.${kind}.${++officers}.${Date.now()}`,
      displayName: `Officer ${officers}`,
      password: TEST_PASSWORD,
    });
    return actorFor(account);
  }

  const TEXT = {
    title: 'Hinweise zu Kassen-Video',
    body: 'Neue Fassung: Ihre Daten bleiben in Deutschland.\n\n- Ende-zu-Ende verschlüsselt\n- keine Aufzeichnung ohne Ihre Einwilligung',
  };

  async function requestedDraft(author: Awaited<ReturnType<typeof officer>>, videoServiceId: string, text = TEXT) {
    const created = await createDisclosureDraft(author, { videoServiceId, language: 'de', ...text });
    if (created.kind !== 'created') throw new Error(created.kind);
    const requested = await requestPublication(author, created.draftId);
    if (requested.kind !== 'requested') throw new Error(requested.kind);
    return { draftId: created.draftId, requestId: requested.requestId };
  }

  const logged = (eventType: string) =>
    prisma().logQueueEntry.findMany({ where: { eventType }, orderBy: { id: 'asc' }, select: { payload: true, personalCommitment: true } });

  it("publishes only on a second officer's approval; the member must consent again before joining", async () => {
    const s = await createScenario(prisma());
    await giveConsent(prisma(), s, { recording: false });
    const member = actorFor(s.member);
    expect((await getMemberConsultation(prisma(), member, s.onOwn.id, 'de'))?.evaluation.call).toEqual({ allowed: true });

    const [author, reviewer] = [await officer(), await officer()];
    const { draftId, requestId } = await requestedDraft(author, s.services.own.id);

    // The author can never approve or reject their own request.
    expect(await approvePublication(author, requestId)).toEqual({ kind: 'own-request' });
    // The reviewer reads what the draft changes in version 1, word by word, before deciding.
    const underReview = await getDisclosureDraft(reviewer, draftId);
    expect(underReview?.current?.version).toBe(1);
    expect(underReview?.changes?.filter((row) => row.change !== 'same').length).toBeGreaterThan(0);
    expect(await rejectPublication(author, requestId, { note: 'selbst abgelehnt' })).toEqual({ kind: 'own-request' });
    expect(await currentDisclosure(prisma(), s.services.own.id, 'de')).toMatchObject({ version: 1 });

    const approved = await approvePublication(reviewer, requestId);
    expect(approved).toMatchObject({ kind: 'published', version: 2 });
    expect(await approvePublication(reviewer, requestId)).toEqual({ kind: 'already-decided' });
    const current = await currentDisclosure(prisma(), s.services.own.id, 'de');
    expect(current).toMatchObject({ version: 2, title: TEXT.title, body: TEXT.body });
    expect(await getDisclosureDraft(reviewer, draftId), 'published: it changes nothing any more').toMatchObject({ changes: null });

    // The real paths: the member's page asks again, the join and the advisor's start are refused.
    expect((await getMemberConsultation(prisma(), member, s.onOwn.id, 'de'))?.evaluation.status).toBe('outdated');
    expect(await authorizeJoin(member, s.onOwn.id)).toMatchObject({ allowed: false, reason: 'outdated' });
    expect(await performCallAction(actorFor(s.advisor), s.onOwn.id, 'start-call')).toMatchObject({ kind: 'denied', reason: 'outdated' });

    const [requestedEntry] = await logged('disclosure.publication_requested');
    expect(requestedEntry!.payload).toMatchObject({
      requestId,
      draftId,
      serviceKey: s.services.own.key,
      language: 'de',
      contentHash: current!.contentHash,
    });
    const [publishedEntry] = await logged('disclosure.published');
    expect(publishedEntry!.payload).toMatchObject({
      requestId,
      versionId: current!.id,
      version: 2,
      contentHash: current!.contentHash,
      serviceKey: s.services.own.key,
      language: 'de',
    });
    // The officers are personal fields, kept apart from the chained entry.
    expect(publishedEntry!.personalCommitment).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(publishedEntry!.payload)).not.toContain(reviewer.id);
    const personal = await prisma().logEntryPersonal.findMany({ where: { data: { path: ['actorId'], equals: reviewer.id } } });
    expect(personal).toHaveLength(1);

    // Granted once, then immutable: the version, the decided request and the published draft.
    await expect(prisma().disclosureVersion.update({ where: { id: current!.id }, data: { body: 'geändert' } })).rejects.toThrow();
    await expect(
      prisma().disclosurePublicationRequest.update({ where: { id: requestId }, data: { note: 'nachträglich' } }),
    ).rejects.toThrow();
    await expect(prisma().disclosureDraft.update({ where: { id: draftId }, data: { body: 'geändert' } })).rejects.toThrow();
    expect(await updateDisclosureDraft(author, draftId, { title: TEXT.title, body: `${TEXT.body} …` })).toEqual({ kind: 'frozen' });
  });

  it('refuses a decision by the requester in the database itself, not only in the data layer', async () => {
    const s = await createScenario(prisma());
    const author = await officer();
    const { requestId } = await requestedDraft(author, s.services.own.id);
    await expect(
      prisma().disclosurePublicationRequest.update({
        where: { id: requestId },
        data: { outcome: 'REJECTED', decidedById: author.id, decidedAt: new Date(), note: 'x' },
      }),
    ).rejects.toThrow(/four_eyes/);
    const other = await officer();
    // Only the author asks for publication, so "not the requester" is "not the author".
    const draft = await prisma().disclosureDraft.findFirstOrThrow({ where: { authorId: author.id } });
    await prisma().disclosurePublicationRequest.update({
      where: { id: requestId },
      data: { outcome: 'WITHDRAWN', decidedById: author.id, decidedAt: new Date() },
    });
    await expect(
      prisma().disclosurePublicationRequest.create({ data: { draftId: draft.id, contentHash: 'x', requestedById: other.id } }),
    ).rejects.toThrow(/author/);
  });

  it('freezes a requested draft until withdrawn; a rejection with a note makes it editable again', async () => {
    const s = await createScenario(prisma());
    const [author, reviewer] = [await officer(), await officer()];
    const { draftId, requestId } = await requestedDraft(author, s.services.own.id);
    expect(await updateDisclosureDraft(author, draftId, { ...TEXT, title: 'Anders' })).toEqual({ kind: 'frozen' });
    await expect(prisma().disclosureDraft.update({ where: { id: draftId }, data: { title: 'Anders' } })).rejects.toThrow(/frozen/);
    expect(await requestPublication(author, draftId)).toEqual({ kind: 'frozen' });

    // Another officer cannot withdraw it; the author can, and edit again.
    expect(await withdrawPublicationRequest(reviewer, requestId)).toEqual({ kind: 'not-found' });
    expect(await withdrawPublicationRequest(author, requestId)).toEqual({ kind: 'withdrawn' });
    expect(await approvePublication(reviewer, requestId)).toEqual({ kind: 'already-decided' });
    expect(await updateDisclosureDraft(author, draftId, { ...TEXT, title: 'Hinweise, zweiter Entwurf' })).toEqual({ kind: 'saved' });
    // Only the author edits.
    expect(await updateDisclosureDraft(reviewer, draftId, TEXT)).toEqual({ kind: 'not-found' });

    const again = await requestPublication(author, draftId);
    if (again.kind !== 'requested') throw new Error(again.kind);
    expect(await rejectPublication(reviewer, again.requestId, { note: ' ' })).toEqual({ kind: 'invalid' });
    expect(await rejectPublication(reviewer, again.requestId, { note: 'Bitte die Speicherdauer nennen.' })).toEqual({ kind: 'rejected' });
    const view = await getDisclosureDraft(reviewer, draftId);
    expect(view).toMatchObject({ state: 'rejected', mayEdit: false, mayDecide: false });
    expect(view?.requests[0]).toMatchObject({
      outcome: 'REJECTED',
      note: 'Bitte die Speicherdauer nennen.',
      decidedBy: { id: reviewer.id },
    });
    expect((await getDisclosureDraft(author, draftId))?.mayEdit).toBe(true);
    expect(await updateDisclosureDraft(author, draftId, { ...TEXT, body: `${TEXT.body}\n\nWir speichern nichts.` })).toEqual({
      kind: 'saved',
    });

    const [rejected] = await logged('disclosure.publication_rejected');
    expect(rejected!.payload).toMatchObject({ requestId: again.requestId, noteSha256: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown });
    expect(JSON.stringify(rejected!.payload)).not.toContain('Speicherdauer');
    expect(await logged('disclosure.publication_withdrawn')).toHaveLength(1);
    expect(await currentDisclosure(prisma(), s.services.own.id, 'de')).toMatchObject({ version: 1 });
  });

  it('refuses a request that another publication overtook, and a text members already see', async () => {
    const s = await createScenario(prisma());
    const [a, b] = [await officer(), await officer()];
    const first = await requestedDraft(a, s.services.own.id);
    const second = await requestedDraft(a, s.services.own.id, { ...TEXT, title: 'Eine andere Fassung' });
    expect(await approvePublication(b, first.requestId)).toMatchObject({ kind: 'published', version: 2 });
    expect(await approvePublication(b, second.requestId)).toEqual({ kind: 'stale' });

    const same = await createDisclosureDraft(a, { videoServiceId: s.services.own.id, language: 'de', ...TEXT });
    if (same.kind !== 'created') throw new Error(same.kind);
    expect(await requestPublication(a, same.draftId)).toEqual({ kind: 'unchanged' });
  });

  it('validates drafts at the boundary and writes nothing for bad input', async () => {
    const s = await createScenario(prisma());
    const a = await officer();
    const before = await prisma().disclosureDraft.count();
    expect(await createDisclosureDraft(a, { videoServiceId: 'nope', language: 'fr' as 'de', title: 'x', body: 'kurz' })).toEqual({
      kind: 'invalid',
      fields: ['videoServiceId', 'language', 'title', 'body'],
    });
    expect(await createDisclosureDraft(a, { videoServiceId: crypto.randomUUID(), language: 'en', ...TEXT })).toEqual({
      kind: 'invalid',
      fields: ['videoServiceId'],
    });
    expect(
      await createDisclosureDraft(a, { videoServiceId: s.services.own.id, language: 'en', title: 'Bad\u0007', body: TEXT.body }),
    ).toEqual({ kind: 'invalid', fields: ['title'] });
    expect(await prisma().disclosureDraft.count()).toBe(before);
    expect(await getDisclosureDraft(a, 'not-a-uuid')).toBeNull();
    expect(await approvePublication(a, 'not-a-uuid')).toEqual({ kind: 'not-found' });
  });

  it('lets nobody but compliance officers read or write drafts', async () => {
    const s = await createScenario(prisma());
    const author = await officer();
    const { draftId, requestId } = await requestedDraft(author, s.services.own.id);
    for (const outsider of [actorFor(s.advisor), actorFor(s.member)]) {
      expect(await listDisclosureOverview(outsider)).toBeNull();
      expect(await getDisclosureDraft(outsider, draftId)).toBeNull();
      expect(await createDisclosureDraft(outsider, { videoServiceId: s.services.own.id, language: 'de', ...TEXT })).toEqual({
        kind: 'not-allowed',
      });
      expect(await updateDisclosureDraft(outsider, draftId, TEXT)).toEqual({ kind: 'not-found' });
      expect(await requestPublication(outsider, draftId)).toEqual({ kind: 'not-found' });
      expect(await approvePublication(outsider, requestId)).toEqual({ kind: 'not-found' });
      expect(await rejectPublication(outsider, requestId, { note: 'abgelehnt' })).toEqual({ kind: 'not-found' });
      expect(await withdrawPublicationRequest(outsider, requestId)).toEqual({ kind: 'not-found' });
    }
    expect((await getDisclosureDraft(author, draftId))?.state).toBe('requested');
    const overview = await listDisclosureOverview(author);
    expect(overview?.find((row) => row.service.id === s.services.own.id && row.language === 'de')).toMatchObject({
      current: { version: 1 },
      drafts: [{ id: draftId, state: 'requested', authorName: author.displayName }],
    });
  });
});
