import 'server-only';
import type { TServiceForTerms } from '@/server/consent-rules/consent-terms';
import { currentDisclosureRule } from '@/server/disclosure/current-disclosure';
import { type TDirectSql, prepared } from '@/server/db/direct-sql';
import { Prisma } from '@/server/db/generated/client';

export type TDecisionContext = {
  consultationId: string;
  videoService: TServiceForTerms & { id: string };
  /** The disclosure a member reading in the submitted language is shown now. */
  disclosure: { id: string; contentHash: string; language: string } | null;
  /** The served page was already used for a decision. */
  pageUsed: boolean;
};

/**
 * What deciding on a consultation needs, in one query: the consultation if it is the member's and not cancelled, its
 * service's facts, the disclosure the member is shown now (the same rule as the consent page) and
 * whether the served page was already used.
 */
export async function loadDecisionContext(
  direct: TDirectSql,
  request: { memberId: string; consultationId: string; language: string; servedNonce: string },
): Promise<TDecisionContext | null> {
  const { memberId, consultationId, language, servedNonce } = request;
  const [row] = await direct<
    TServiceForTerms & {
      consultationId: string;
      serviceId: string;
      disclosureId: string | null;
      contentHash: string | null;
      disclosureLanguage: string | null;
      pageUsed: boolean;
    }
  >(
    // Prepared once per connection (0064): every consent asks it, with the same text.
    prepared(
      'consent-decision-context',
      Prisma.sql`
    SELECT c.id AS "consultationId", s.id AS "serviceId", s.name, s.operator, s.processing_region::text AS "processingRegion",
      s.third_countries AS "thirdCountries", s.end_to_end_encrypted AS "endToEndEncrypted", s.can_record AS "canRecord",
      d.id AS "disclosureId", d.content_hash AS "contentHash", d.language AS "disclosureLanguage",
      EXISTS (SELECT 1 FROM consent_decision WHERE served_nonce = ${servedNonce}) AS "pageUsed"
    FROM consultation c
    JOIN video_service s ON s.id = c.video_service_id
    LEFT JOIN LATERAL (
      SELECT dv.id, dv.content_hash, dv.language FROM disclosure_version dv
      WHERE ${currentDisclosureRule('dv', Prisma.sql`s.id`, language)}
      LIMIT 1) d ON true
    WHERE c.id = ${consultationId}::uuid AND c.member_id = ${memberId}::uuid AND c.cancelled_at IS NULL`,
    ),
  );
  if (!row) return null;
  const { consultationId: id, serviceId, disclosureId, contentHash, disclosureLanguage, pageUsed, ...facts } = row;
  return {
    consultationId: id,
    pageUsed,
    videoService: { id: serviceId, ...facts },
    disclosure: disclosureId && contentHash && disclosureLanguage ? { id: disclosureId, contentHash, language: disclosureLanguage } : null,
  };
}
