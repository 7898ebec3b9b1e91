import 'server-only';
import type { TActor } from '@/server/auth/current-actor';
import { isOfficer, isRecordId } from '@/server/four-eyes/four-eyes';
import { serviceFactsHash } from '@/server/consent-rules/consent-terms';
import { db } from '@/server/db/client';
import type { Prisma } from '@/server/db/generated/client';
import { SETTINGS_SELECT, changedSettings, settingsOf } from '@/server/video-service/service-settings';

const OFFICER = { select: { id: true, displayName: true } } as const;

const PROPOSAL_SELECT = {
  id: true,
  videoServiceId: true,
  ...SETTINGS_SELECT,
  proposedAt: true,
  proposedBy: OFFICER,
  outcome: true,
  decidedAt: true,
  decidedBy: OFFICER,
  note: true,
} as const satisfies Prisma.VideoServiceProposalSelect;

/**
 * The video services with their settings and the hash of the facts consents rely on, the open
 * proposals, and the latest decided ones. For compliance officers only.
 */
export async function listServicesForOfficer(actor: TActor) {
  if (!isOfficer(actor)) return null;
  const prisma = await db();
  const [services, open, decided] = await Promise.all([
    prisma.videoService.findMany({ orderBy: { name: 'asc' }, select: { id: true, ...SETTINGS_SELECT } }),
    prisma.videoServiceProposal.findMany({ where: { outcome: null }, orderBy: { proposedAt: 'asc' }, select: PROPOSAL_SELECT }),
    prisma.videoServiceProposal.findMany({
      where: { outcome: { not: null } },
      orderBy: { decidedAt: 'desc' },
      take: 20,
      select: PROPOSAL_SELECT,
    }),
  ]);
  return {
    services: services.map((s) => ({
      ...s,
      factsHash: serviceFactsHash(s),
      openProposalId: open.find((p) => p.videoServiceId === s.id)?.id ?? null,
    })),
    open,
    decided,
  };
}

/** One service's settings, to prefill a proposed change. */
export async function getServiceForOfficer(actor: TActor, serviceId: string) {
  if (!isOfficer(actor) || !isRecordId(serviceId)) return null;
  return (await db()).videoService.findUnique({ where: { id: serviceId }, select: { id: true, ...SETTINGS_SELECT } });
}

/**
 * One proposal with the service as it is now (what would change), and what this officer may do
 * with it (the data layer checks each again when it is done).
 */
export async function getServiceProposal(actor: TActor, proposalId: string) {
  if (!isOfficer(actor) || !isRecordId(proposalId)) return null;
  const prisma = await db();
  const proposal = await prisma.videoServiceProposal.findUnique({ where: { id: proposalId }, select: PROPOSAL_SELECT });
  if (!proposal) return null;
  const current = proposal.videoServiceId
    ? await prisma.videoService.findUnique({ where: { id: proposal.videoServiceId }, select: SETTINGS_SELECT })
    : null;
  const open = proposal.outcome === null;
  const own = proposal.proposedBy.id === actor.id;
  return {
    proposal,
    proposed: settingsOf(proposal),
    current: current ? settingsOf(current) : null,
    changes: current ? changedSettings(current, proposal) : null,
    mayWithdraw: open && own,
    // Four-eyes: offered only to someone other than the proposer; enforced again when deciding.
    mayDecide: open && !own,
  };
}
