import 'server-only';
import type { TActor } from '@/server/auth/current-actor';
import { isOfficer, isRecordId } from '@/server/four-eyes/four-eyes';
import { db } from '@/server/db/client';
import {
  type TDisclosureDraftEdit,
  type TDisclosureDraftInput,
  type TDraftField,
  ZDisclosureDraftEdit,
  ZDisclosureDraftInput,
  invalidDraftFields,
} from '@/server/disclosure/draft-input';
import { lockDraft } from '@/server/disclosure/lock-draft';

export type TCreateDraftResult =
  { kind: 'created'; draftId: string } | { kind: 'invalid'; fields: TDraftField[] } | { kind: 'not-allowed' };

/**
 * A compliance officer starts a new disclosure text for a service and language. Drafts are working
 * material, visible to all officers and to nobody else; they are not logged until publication is
 * requested (the log records what was asked to be published and what was).
 */
export async function createDisclosureDraft(actor: TActor, input: TDisclosureDraftInput): Promise<TCreateDraftResult> {
  if (!isOfficer(actor)) return { kind: 'not-allowed' };
  const parsed = ZDisclosureDraftInput.safeParse(input);
  if (!parsed.success) return { kind: 'invalid', fields: invalidDraftFields(parsed.error) };
  const prisma = await db();
  const service = await prisma.videoService.findUnique({ where: { id: parsed.data.videoServiceId }, select: { id: true } });
  if (!service) return { kind: 'invalid', fields: ['videoServiceId'] };
  const draft = await prisma.disclosureDraft.create({ data: { ...parsed.data, authorId: actor.id }, select: { id: true } });
  return { kind: 'created', draftId: draft.id };
}

export type TUpdateDraftResult =
  | { kind: 'saved' }
  | { kind: 'invalid'; fields: TDraftField[] }
  /** Publication is requested or done: withdraw the request first (or start a new draft). */
  | { kind: 'frozen' }
  | { kind: 'not-found' };

/** The author changes the text of their draft, as long as no publication is requested or done. */
export async function updateDisclosureDraft(actor: TActor, draftId: string, input: TDisclosureDraftEdit): Promise<TUpdateDraftResult> {
  if (!isOfficer(actor) || !isRecordId(draftId)) return { kind: 'not-found' };
  const parsed = ZDisclosureDraftEdit.safeParse(input);
  if (!parsed.success) return { kind: 'invalid', fields: invalidDraftFields(parsed.error) };
  const prisma = await db();
  return prisma.$transaction(async (tx): Promise<TUpdateDraftResult> => {
    await lockDraft(tx, draftId);
    const draft = await tx.disclosureDraft.findFirst({
      where: { id: draftId, authorId: actor.id },
      select: { requests: { where: { OR: [{ outcome: null }, { outcome: 'APPROVED' }] }, select: { id: true }, take: 1 } },
    });
    if (!draft) return { kind: 'not-found' };
    if (draft.requests.length) return { kind: 'frozen' };
    await tx.disclosureDraft.update({ where: { id: draftId }, data: { ...parsed.data, updatedAt: new Date() } });
    return { kind: 'saved' };
  });
}
