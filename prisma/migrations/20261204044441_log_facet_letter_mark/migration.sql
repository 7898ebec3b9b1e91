-- AlterTable
ALTER TABLE "consent_log_facet" ADD COLUMN     "after_password_letter" "LetterRequester";

-- CreateIndex
CREATE INDEX "consent_log_facet_after_password_letter_seq_idx" ON "consent_log_facet"("after_password_letter", "seq");

-- The facets are derived on integration (20261126122218_compliance_explorer); now also the letter mark
-- of a decision's payload, so the explorer's filter on it reads an index like the others (0024, 0042).
CREATE OR REPLACE FUNCTION consent_log_facets_of(seqs bigint[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO consent_log_facet (seq, advisor_id, member_id, video_service_id, after_password_letter)
  SELECT e.seq,
         COALESCE(c.advisor_id, CASE WHEN a.kind = 'ADVISOR' THEN a.id END),
         COALESCE(c.member_id,
                  CASE WHEN p.data->>'subjectId' ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN (p.data->>'subjectId')::uuid END,
                  CASE WHEN a.kind IN ('MEMBER', 'EMPLOYER') THEN a.id END),
         c.video_service_id,
         CASE WHEN e.payload->>'afterPasswordLetter' IN ('ADMIN', 'ADVISOR', 'OPERATOR') THEN (e.payload->>'afterPasswordLetter')::"LetterRequester" END
    FROM consent_log e
    LEFT JOIN consultation c ON c.id = e.consultation_id
    LEFT JOIN consent_log_personal p ON p.queue_id = e.queue_id
    LEFT JOIN account a ON a.id = CASE WHEN p.data->>'actorId' ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN (p.data->>'actorId')::uuid END
   WHERE e.seq = ANY(seqs)
  ON CONFLICT (seq) DO NOTHING
$$;

UPDATE consent_log_facet f SET after_password_letter = (e.payload->>'afterPasswordLetter')::"LetterRequester"
  FROM consent_log e
 WHERE e.seq = f.seq AND e.payload->>'afterPasswordLetter' IN ('ADMIN', 'ADVISOR', 'OPERATOR');
