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
import { serviceFactsHash } from '@/server/consent-rules/consent-terms';
import type { TTx } from '@/server/db/client';
import { db } from '@/server/db/client';
import { lockProposal } from '@/server/video-service/lock-proposal';
import { SETTINGS_SELECT, changedSettings, settingsHash, settingsOf } from '@/server/video-service/service-settings';

/** The open proposal, locked, as this reviewer may decide it; or why not. */
async function loadForDecision(tx: TTx, actor: TActor, proposalId: string) {
  await lockProposal(tx, proposalId);
  const proposal = await tx.videoServiceProposal.findUnique({
    where: { id: proposalId },
    select: { id: true, videoServiceId: true, outcome: true, proposedById: true, baseHash: true, ...SETTINGS_SELECT },
  });
  if (!proposal) return { kind: 'not-found' } as const;
  if (proposal.outcome !== null) return { kind: 'already-decided' } as const;
  // Four-eyes: whoever proposed cannot decide. The database refuses it too (check constraint).
  if (proposal.proposedById === actor.id) return { kind: 'own-request' } as const;
  return { kind: 'open', proposal } as const;
}

export type TApproveServiceResult = { kind: 'applied'; videoServiceId: string } | TDecisionRefusal;

/**
 * A second officer approves a proposal: the new service is created, or the change applied, in the
 * same transaction as the approval and its log entry. A changed fact (a new country, say) changes the
 * service-facts hash, so members' earlier consents no longer allow the call ("service-changed").
 */
export async function approveServiceProposal(actor: TActor, proposalId: string): Promise<TApproveServiceResult> {
  if (!isOfficer(actor) || !isRecordId(proposalId)) return { kind: 'not-found' };
  return loggedTransaction(await db(), async (tx): Promise<TApproveServiceResult> => {
    const loaded = await loadForDecision(tx, actor, proposalId);
    if (loaded.kind !== 'open') return loaded;
    const { proposal } = loaded;
    const settings = settingsOf(proposal);
    let videoServiceId: string;
    let before = null;
    if (proposal.videoServiceId) {
      await tx.$queryRaw`SELECT id FROM video_service WHERE id = ${proposal.videoServiceId}::uuid FOR NO KEY UPDATE`;
      before = await tx.videoService.findUniqueOrThrow({ where: { id: proposal.videoServiceId }, select: SETTINGS_SELECT });
      // Changed since the proposal: approving would undo that change unseen.
      if (settingsHash(before) !== proposal.baseHash) return { kind: 'stale' };
      const { key: _key, ...changes } = settings;
      await tx.videoService.update({ where: { id: proposal.videoServiceId }, data: changes });
      videoServiceId = proposal.videoServiceId;
    } else {
      if (await tx.videoService.findUnique({ where: { key: settings.key }, select: { id: true } })) return { kind: 'stale' };
      videoServiceId = (await tx.videoService.create({ data: settings, select: { id: true } })).id;
    }
    const decidedAt = new Date();
    await tx.videoServiceProposal.update({ where: { id: proposal.id }, data: { outcome: 'APPROVED', decidedById: actor.id, decidedAt } });
    await appendLogEntry(tx, {
      eventType: LOG_EVENT.serviceChangeApplied,
      payload: {
        proposalId: proposal.id,
        videoServiceId,
        serviceKey: settings.key,
        created: before === null,
        changes: before ? changedSettings(before, settings) : null,
        settings,
        factsHashBefore: before ? serviceFactsHash(before) : null,
        factsHashAfter: serviceFactsHash(settings),
      },
      personal: { actorId: actor.id, ipPseudonym: actor.ipPseudonym },
    });
    return { kind: 'applied', videoServiceId };
  });
}

export type TRejectServiceResult = { kind: 'rejected' } | { kind: 'invalid' } | TDecisionRefusal;

/** A second officer rejects a proposal with a note; nothing about the service changes. */
export async function rejectServiceProposal(actor: TActor, proposalId: string, input: TRejectionInput): Promise<TRejectServiceResult> {
  if (!isOfficer(actor) || !isRecordId(proposalId)) return { kind: 'not-found' };
  const parsed = ZRejectionInput.safeParse(input);
  if (!parsed.success) return { kind: 'invalid' };
  const { note } = parsed.data;
  return loggedTransaction(await db(), async (tx): Promise<TRejectServiceResult> => {
    const loaded = await loadForDecision(tx, actor, proposalId);
    if (loaded.kind !== 'open') return loaded;
    const { proposal } = loaded;
    await tx.videoServiceProposal.update({
      where: { id: proposal.id },
      data: { outcome: 'REJECTED', decidedById: actor.id, decidedAt: new Date(), note },
    });
    await appendLogEntry(tx, {
      eventType: LOG_EVENT.serviceChangeRejected,
      payload: { proposalId: proposal.id, videoServiceId: proposal.videoServiceId, serviceKey: proposal.key, noteSha256: noteDigest(note) },
      personal: { actorId: actor.id, ipPseudonym: actor.ipPseudonym },
    });
    return { kind: 'rejected' };
  });
}

export type TWithdrawServiceResult = { kind: 'withdrawn' } | { kind: 'not-found' };

/** The proposer takes their open proposal back (to propose something else). */
export async function withdrawServiceProposal(actor: TActor, proposalId: string): Promise<TWithdrawServiceResult> {
  if (!isOfficer(actor) || !isRecordId(proposalId)) return { kind: 'not-found' };
  return loggedTransaction(await db(), async (tx): Promise<TWithdrawServiceResult> => {
    await lockProposal(tx, proposalId);
    const proposal = await tx.videoServiceProposal.findFirst({
      where: { id: proposalId, proposedById: actor.id, outcome: null },
      select: { id: true, videoServiceId: true, key: true },
    });
    if (!proposal) return { kind: 'not-found' };
    await tx.videoServiceProposal.update({
      where: { id: proposal.id },
      data: { outcome: 'WITHDRAWN', decidedById: actor.id, decidedAt: new Date() },
    });
    await appendLogEntry(tx, {
      eventType: LOG_EVENT.serviceChangeWithdrawn,
      payload: { proposalId: proposal.id, videoServiceId: proposal.videoServiceId, serviceKey: proposal.key },
      personal: { actorId: actor.id, ipPseudonym: actor.ipPseudonym },
    });
    return { kind: 'withdrawn' };
  });
}
