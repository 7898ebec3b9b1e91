import 'server-only';
import { appendLogEntry, loggedTransaction } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import type { TActor } from '@/server/auth/current-actor';
import { isOfficer, isRecordId } from '@/server/four-eyes/four-eyes';
import { db } from '@/server/db/client';
import { disclosureHash } from '@/server/disclosure/canonical-text';
import { lockDraft } from '@/server/disclosure/lock-draft';

export type TRequestPublicationResult =
  | { kind: 'requested'; requestId: string }
  /** Already requested, or published. */
  | { kind: 'frozen' }
  /** The text is the one members are shown already: publishing it would change nothing. */
  | { kind: 'unchanged' }
  | { kind: 'not-found' };

/**
 * The author asks for their draft to be published. From now on the draft is frozen (trigger) until a
 * second officer decides or the author withdraws. The request records the text's hash and the version
 * it replaces, so the reviewer decides on exactly this text against exactly that version.
 */
export async function requestPublication(actor: TActor, draftId: string): Promise<TRequestPublicationResult> {
  if (!isOfficer(actor) || !isRecordId(draftId)) return { kind: 'not-found' };
  return loggedTransaction(await db(), async (tx): Promise<TRequestPublicationResult> => {
    await lockDraft(tx, draftId);
    const draft = await tx.disclosureDraft.findFirst({
      where: { id: draftId, authorId: actor.id },
      select: {
        videoServiceId: true,
        language: true,
        title: true,
        body: true,
        videoService: { select: { key: true } },
        requests: { where: { OR: [{ outcome: null }, { outcome: 'APPROVED' }] }, select: { id: true }, take: 1 },
      },
    });
    if (!draft) return { kind: 'not-found' };
    if (draft.requests.length) return { kind: 'frozen' };
    const contentHash = disclosureHash(draft);
    // Exactly this language's newest version: the fallback to German is for readers, not for publishing.
    const current = await tx.disclosureVersion.findFirst({
      where: { videoServiceId: draft.videoServiceId, language: draft.language },
      orderBy: { version: 'desc' },
      select: { id: true, contentHash: true },
    });
    if (current?.contentHash === contentHash) return { kind: 'unchanged' };
    const request = await tx.disclosurePublicationRequest.create({
      data: { draftId, contentHash, basedOnVersionId: current?.id ?? null, requestedById: actor.id },
      select: { id: true },
    });
    await appendLogEntry(tx, {
      eventType: LOG_EVENT.disclosurePublicationRequested,
      payload: {
        requestId: request.id,
        draftId,
        videoServiceId: draft.videoServiceId,
        serviceKey: draft.videoService.key,
        language: draft.language,
        contentHash,
        basedOnVersionId: current?.id ?? null,
        basedOnHash: current?.contentHash ?? null,
      },
      personal: { actorId: actor.id, ipPseudonym: actor.ipPseudonym },
    });
    return { kind: 'requested', requestId: request.id };
  });
}

export type TWithdrawRequestResult = { kind: 'withdrawn' } | { kind: 'not-found' };

/** The author takes their open request back, e.g. to change the text; the draft is editable again. */
export async function withdrawPublicationRequest(actor: TActor, requestId: string): Promise<TWithdrawRequestResult> {
  if (!isOfficer(actor) || !isRecordId(requestId)) return { kind: 'not-found' };
  return loggedTransaction(await db(), async (tx): Promise<TWithdrawRequestResult> => {
    const found = await tx.disclosurePublicationRequest.findFirst({
      where: { id: requestId, requestedById: actor.id },
      select: { draftId: true },
    });
    if (!found) return { kind: 'not-found' };
    await lockDraft(tx, found.draftId);
    const { count } = await tx.disclosurePublicationRequest.updateMany({
      where: { id: requestId, requestedById: actor.id, outcome: null },
      data: { outcome: 'WITHDRAWN', decidedById: actor.id, decidedAt: new Date() },
    });
    if (count === 0) return { kind: 'not-found' };
    const request = await tx.disclosurePublicationRequest.findUniqueOrThrow({
      where: { id: requestId },
      select: {
        contentHash: true,
        draft: { select: { id: true, language: true, videoServiceId: true, videoService: { select: { key: true } } } },
      },
    });
    await appendLogEntry(tx, {
      eventType: LOG_EVENT.disclosurePublicationWithdrawn,
      payload: {
        requestId,
        draftId: request.draft.id,
        videoServiceId: request.draft.videoServiceId,
        serviceKey: request.draft.videoService.key,
        language: request.draft.language,
        contentHash: request.contentHash,
      },
      personal: { actorId: actor.id, ipPseudonym: actor.ipPseudonym },
    });
    return { kind: 'withdrawn' };
  });
}
