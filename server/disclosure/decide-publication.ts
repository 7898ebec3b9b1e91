import 'server-only';
import { appendLogEntry, loggedTransaction } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import type { TActor } from '@/server/auth/current-actor';
import {
  type TDecisionRefusal,
  type TRejectionInput,
  ZRejectionInput,
  isOfficer,
  isRecordId,
  noteDigest,
} from '@/server/four-eyes/four-eyes';
import { type TTx, db } from '@/server/db/client';
import { disclosureHash } from '@/server/disclosure/canonical-text';
import { lockDraft } from '@/server/disclosure/lock-draft';

const REQUEST_SELECT = {
  id: true,
  outcome: true,
  requestedById: true,
  contentHash: true,
  basedOnVersionId: true,
  draft: { select: { id: true, videoServiceId: true, language: true, title: true, body: true, videoService: { select: { key: true } } } },
} as const;

/** The open request as the reviewer may decide it, with its draft locked; or why not. */
async function loadForDecision(tx: TTx, actor: TActor, requestId: string) {
  const found = await tx.disclosurePublicationRequest.findUnique({ where: { id: requestId }, select: { draftId: true } });
  if (!found) return { kind: 'not-found' } as const;
  await lockDraft(tx, found.draftId);
  const request = await tx.disclosurePublicationRequest.findUniqueOrThrow({ where: { id: requestId }, select: REQUEST_SELECT });
  if (request.outcome !== null) return { kind: 'already-decided' } as const;
  // Four-eyes: whoever asked cannot decide. The database refuses it too (check constraint).
  if (request.requestedById === actor.id) return { kind: 'own-request' } as const;
  return { kind: 'open', request } as const;
}

export type TApproveResult = { kind: 'published'; versionId: string; version: number } | TDecisionRefusal;

/**
 * A second officer approves a requested publication: the draft's text becomes the next published
 * version of its service and language, at once, in the same transaction as the approval and its log
 * entry. From then on earlier consents are "outdated" (server/consent-rules/call-permission.ts): members
 * decide again before their next call.
 */
export async function approvePublication(actor: TActor, requestId: string, now = new Date()): Promise<TApproveResult> {
  if (!isOfficer(actor) || !isRecordId(requestId)) return { kind: 'not-found' };
  return loggedTransaction(await db(), async (tx): Promise<TApproveResult> => {
    const loaded = await loadForDecision(tx, actor, requestId);
    if (loaded.kind !== 'open') return loaded;
    const { request } = loaded;
    const { draft } = request;
    // One publication per service at a time, so version numbers follow each other without a race;
    // NO KEY UPDATE leaves members' reads and new consultations' key checks unblocked.
    await tx.$queryRaw`SELECT id FROM video_service WHERE id = ${draft.videoServiceId}::uuid FOR NO KEY UPDATE`;
    const current = await tx.disclosureVersion.findFirst({
      where: { videoServiceId: draft.videoServiceId, language: draft.language },
      orderBy: { version: 'desc' },
      select: { id: true, version: true },
    });
    // Another text was published since the request: approving would silently drop its changes.
    if ((current?.id ?? null) !== request.basedOnVersionId) return { kind: 'stale' };
    const contentHash = disclosureHash(draft);
    // The draft is frozen while requested (trigger); a differing hash would mean the database was bypassed.
    if (contentHash !== request.contentHash) throw new Error(`draft ${draft.id} no longer matches its publication request ${request.id}`);
    const version = await tx.disclosureVersion.create({
      data: {
        videoServiceId: draft.videoServiceId,
        language: draft.language,
        version: (current?.version ?? 0) + 1,
        title: draft.title,
        body: draft.body,
        contentHash,
        publishedAt: now,
      },
      select: { id: true, version: true },
    });
    await tx.disclosurePublicationRequest.update({
      where: { id: request.id },
      data: { outcome: 'APPROVED', decidedById: actor.id, decidedAt: now, publishedVersionId: version.id },
    });
    await appendLogEntry(tx, {
      eventType: LOG_EVENT.disclosurePublished,
      payload: {
        requestId: request.id,
        draftId: draft.id,
        videoServiceId: draft.videoServiceId,
        serviceKey: draft.videoService.key,
        language: draft.language,
        versionId: version.id,
        version: version.version,
        contentHash,
        replacesVersionId: current?.id ?? null,
      },
      personal: { actorId: actor.id, ipPseudonym: actor.ipPseudonym },
    });
    return { kind: 'published', versionId: version.id, version: version.version };
  });
}

export type TRejectResult = { kind: 'rejected' } | { kind: 'invalid' } | TDecisionRefusal;

/** A second officer rejects a requested publication with a note; the author can revise and ask again. */
export async function rejectPublication(actor: TActor, requestId: string, input: TRejectionInput): Promise<TRejectResult> {
  if (!isOfficer(actor) || !isRecordId(requestId)) return { kind: 'not-found' };
  const parsed = ZRejectionInput.safeParse(input);
  if (!parsed.success) return { kind: 'invalid' };
  const { note } = parsed.data;
  return loggedTransaction(await db(), async (tx): Promise<TRejectResult> => {
    const loaded = await loadForDecision(tx, actor, requestId);
    if (loaded.kind !== 'open') return loaded;
    const { request } = loaded;
    await tx.disclosurePublicationRequest.update({
      where: { id: request.id },
      data: { outcome: 'REJECTED', decidedById: actor.id, decidedAt: new Date(), note },
    });
    await appendLogEntry(tx, {
      eventType: LOG_EVENT.disclosurePublicationRejected,
      payload: {
        requestId: request.id,
        draftId: request.draft.id,
        videoServiceId: request.draft.videoServiceId,
        serviceKey: request.draft.videoService.key,
        language: request.draft.language,
        contentHash: request.contentHash,
        noteSha256: noteDigest(note),
      },
      personal: { actorId: actor.id, ipPseudonym: actor.ipPseudonym },
    });
    return { kind: 'rejected' };
  });
}
