import 'server-only';
import { appendLogEntry, loggedTransaction } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import type { TActor } from '@/server/auth/current-actor';
import { isOfficer, isRecordId } from '@/server/four-eyes/four-eyes';
import { serviceFactsHash } from '@/server/consent-rules/consent-terms';
import { db } from '@/server/db/client';
import { isUniqueViolation } from '@/server/db/unique-violation';
import {
  type TServiceFieldError,
  type TServiceProposalForm,
  makeZServiceProposalInput,
  serverCapabilities,
  serviceFieldErrors,
} from '@/server/video-service/service-proposal-input';
import { SETTINGS_SELECT, changedSettings, settingsHash, settingsOf } from '@/server/video-service/service-settings';

export type TProposeResult =
  | { kind: 'proposed'; proposalId: string }
  | { kind: 'invalid'; errors: TServiceFieldError[] }
  /** Nothing differs from the service as it is. */
  | { kind: 'unchanged' }
  /** A proposal for this service (or this new key) is open already: decide or withdraw it first. */
  | { kind: 'pending' }
  | { kind: 'not-found' };

/**
 * A compliance officer proposes a new video service (`serviceId` null) or a change to one. Nothing
 * changes until a second officer approves (server/video-service/decide-service-proposal.ts). A change
 * records the settings it starts from, so it cannot be approved over a change applied meanwhile.
 */
export async function proposeService(actor: TActor, serviceId: string | null, form: TServiceProposalForm): Promise<TProposeResult> {
  if (!isOfficer(actor) || (serviceId !== null && !isRecordId(serviceId))) return { kind: 'not-found' };
  const prisma = await db();
  const service = serviceId
    ? await prisma.videoService.findUnique({ where: { id: serviceId }, select: { id: true, ...SETTINGS_SELECT } })
    : null;
  if (serviceId && !service) return { kind: 'not-found' };
  // A service keeps its key: URLs, seed data and log entries name it.
  const parsed = makeZServiceProposalInput(serverCapabilities()).safeParse(service ? { ...form, key: service.key } : form);
  if (!parsed.success) return { kind: 'invalid', errors: serviceFieldErrors(parsed.error) };
  const proposed = settingsOf(parsed.data);
  if (!service && (await prisma.videoService.findUnique({ where: { key: proposed.key }, select: { id: true } }))) {
    return { kind: 'invalid', errors: [{ field: 'key', problem: 'keyTaken' }] };
  }
  if (service && changedSettings(service, proposed).length === 0) return { kind: 'unchanged' };
  const baseHash = service ? settingsHash(service) : null;
  try {
    return await loggedTransaction(prisma, async (tx): Promise<TProposeResult> => {
      const proposal = await tx.videoServiceProposal.create({
        data: { ...proposed, videoServiceId: service?.id ?? null, baseHash, proposedById: actor.id },
        select: { id: true },
      });
      await appendLogEntry(tx, {
        eventType: LOG_EVENT.serviceChangeProposed,
        payload: {
          proposalId: proposal.id,
          videoServiceId: service?.id ?? null,
          serviceKey: proposed.key,
          settings: proposed,
          changes: service ? changedSettings(service, proposed) : null,
          baseHash,
          factsHash: serviceFactsHash(proposed),
        },
        personal: { actorId: actor.id, ipPseudonym: actor.ipPseudonym },
      });
      return { kind: 'proposed', proposalId: proposal.id };
    });
  } catch (error) {
    // One open proposal per service and per new key (partial unique indexes).
    if (isUniqueViolation(error)) return { kind: 'pending' };
    throw error;
  }
}
