import 'server-only';
import { MEMBER_KINDS } from '@/server/auth/account-kinds';
import type { TActor } from '@/server/auth/current-actor';
import { currentDisclosure } from '@/server/disclosure/current-disclosure';
import { type TDiffRow, diffDisclosures } from '@/server/disclosure/text-diff';
import type { TDb } from '@/server/db/client';

export type TDisclosureChange = {
  language: string;
  agreed: { version: number; publishedAt: Date };
  current: { version: number; publishedAt: Date };
  rows: TDiffRow[];
};

/**
 * What changed between the disclosure a member's decision agreed to and the version of the same
 * service and language in force now, for the consent page of a consent that is "outdated". The
 * decision is looked up as the member's own; anything else (another member's, the same version, a
 * text only in another language now) gives null, and the page shows the new text alone.
 */
export async function disclosureChangeSince(prisma: TDb, actor: TActor, decisionId: string): Promise<TDisclosureChange | null> {
  if (!MEMBER_KINDS.includes(actor.kind)) return null;
  const decision = await prisma.consentDecision.findFirst({
    where: { id: decisionId, memberId: actor.id },
    select: {
      disclosureVersion: {
        select: { videoServiceId: true, language: true, version: true, title: true, body: true, publishedAt: true, contentHash: true },
      },
    },
  });
  if (!decision) return null;
  const agreed = decision.disclosureVersion;
  const current = await currentDisclosure(prisma, agreed.videoServiceId, agreed.language);
  if (!current || current.language !== agreed.language || current.contentHash === agreed.contentHash) return null;
  return {
    language: agreed.language,
    agreed: { version: agreed.version, publishedAt: agreed.publishedAt },
    current: { version: current.version, publishedAt: current.publishedAt },
    rows: diffDisclosures(agreed, current),
  };
}
