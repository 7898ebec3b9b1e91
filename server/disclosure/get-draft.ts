import 'server-only';
import type { TActor } from '@/server/auth/current-actor';
import { isOfficer, isRecordId } from '@/server/four-eyes/four-eyes';
import { db } from '@/server/db/client';
import type { Prisma } from '@/server/db/generated/client';
import { disclosureHash } from '@/server/disclosure/canonical-text';
import { draftState, isEditable } from '@/server/disclosure/draft-state';
import { diffDisclosures } from '@/server/disclosure/text-diff';

const OFFICER = { select: { id: true, displayName: true } } as const;

const DRAFT_SELECT = {
  id: true,
  language: true,
  title: true,
  body: true,
  createdAt: true,
  updatedAt: true,
  author: OFFICER,
  videoService: {
    select: {
      id: true,
      key: true,
      name: true,
      operator: true,
      processingRegion: true,
      thirdCountries: true,
      endToEndEncrypted: true,
      canRecord: true,
    },
  },
  requests: {
    orderBy: { requestedAt: 'desc' },
    select: {
      id: true,
      contentHash: true,
      requestedAt: true,
      requestedBy: OFFICER,
      outcome: true,
      decidedAt: true,
      decidedBy: OFFICER,
      note: true,
      publishedVersion: { select: { version: true } },
    },
  },
} as const satisfies Prisma.DisclosureDraftSelect;

/**
 * One draft as an officer sees it: the text and its hash, the service's facts (for the preview as
 * members will see it), every publication request with who asked and who decided, the version in
 * force now, and what this officer may do with it (the data layer checks each again).
 */
export async function getDisclosureDraft(actor: TActor, draftId: string) {
  if (!isOfficer(actor) || !isRecordId(draftId)) return null;
  const prisma = await db();
  const draft = await prisma.disclosureDraft.findUnique({ where: { id: draftId }, select: DRAFT_SELECT });
  if (!draft) return null;
  const current = await prisma.disclosureVersion.findFirst({
    where: { videoServiceId: draft.videoService.id, language: draft.language },
    orderBy: { version: 'desc' },
    select: { id: true, version: true, contentHash: true, publishedAt: true, title: true, body: true },
  });
  const newest = draft.requests[0];
  const state = draftState(newest);
  const openRequest = state === 'requested' ? newest! : null;
  const isAuthor = draft.author.id === actor.id;
  const contentHash = disclosureHash(draft);
  return {
    ...draft,
    contentHash,
    state,
    current: current && { id: current.id, version: current.version, contentHash: current.contentHash, publishedAt: current.publishedAt },
    /**
     * What the draft would change in the version in force, word by word; null once published (it is, or
     * was, a version itself), or if none is in force or its text is the one in force.
     */
    changes: state !== 'published' && current && current.contentHash !== contentHash ? diffDisclosures(current, draft) : null,
    /** The number the text would get if published now. */
    nextVersion: (current?.version ?? 0) + 1,
    openRequest,
    mayEdit: isAuthor && isEditable(state),
    mayWithdraw: openRequest !== null && openRequest.requestedBy.id === actor.id,
    // Four-eyes: shown only to someone other than the requester; enforced again when deciding.
    mayDecide: openRequest !== null && openRequest.requestedBy.id !== actor.id,
  };
}

export type TDisclosureDraftView = NonNullable<Awaited<ReturnType<typeof getDisclosureDraft>>>;
