-- CreateEnum
CREATE TYPE "CaseStatus" AS ENUM ('OPEN', 'INVESTIGATING', 'CLOSED');

-- CreateEnum
CREATE TYPE "ExportFormat" AS ENUM ('CSV', 'JSONL');

-- AlterEnum
ALTER TYPE "ViolationKind" ADD VALUE 'STOP_NOT_CONFIRMED';

-- AlterTable
ALTER TABLE "violation" ADD COLUMN     "closed_at" TIMESTAMPTZ(3),
ADD COLUMN     "closed_by_id" UUID,
ADD COLUMN     "closing_note" TEXT,
ADD COLUMN     "investigating_since" TIMESTAMPTZ(3),
ADD COLUMN     "investigator_id" UUID,
ADD COLUMN     "status" "CaseStatus" NOT NULL DEFAULT 'OPEN';

-- CreateTable
CREATE TABLE "consent_log_facet" (
    "seq" BIGINT NOT NULL,
    "advisor_id" UUID,
    "member_id" UUID,
    "video_service_id" UUID,

    CONSTRAINT "consent_log_facet_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "log_export" (
    "id" UUID NOT NULL,
    "officer_id" UUID NOT NULL,
    "format" "ExportFormat" NOT NULL,
    "filter" JSONB NOT NULL,
    "reason" TEXT,
    "tree_size" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "row_count" BIGINT,
    "byte_count" BIGINT,
    "sha256" TEXT,
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "log_export_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "consent_log_facet_advisor_id_seq_idx" ON "consent_log_facet"("advisor_id", "seq");

-- CreateIndex
CREATE INDEX "consent_log_facet_member_id_seq_idx" ON "consent_log_facet"("member_id", "seq");

-- CreateIndex
CREATE INDEX "consent_log_facet_video_service_id_seq_idx" ON "consent_log_facet"("video_service_id", "seq");

-- CreateIndex
CREATE INDEX "log_export_created_at_idx" ON "log_export"("created_at");

-- CreateIndex
CREATE INDEX "consent_log_event_type_seq_idx" ON "consent_log"("event_type", "seq");

-- CreateIndex
CREATE INDEX "consent_log_recorded_at_idx" ON "consent_log"("recorded_at");

-- CreateIndex
CREATE INDEX "violation_status_detected_at_idx" ON "violation"("status", "detected_at");

-- Facets for the log explorer, derived in the integrating transaction: who and what each entry
-- concerns at the moment it joins the chain (a later hand-over does not move earlier entries).
-- An actor id that is not a uuid names no account (the cast is guarded, so integration never fails on it).
CREATE FUNCTION consent_log_facets_of(seqs bigint[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO consent_log_facet (seq, advisor_id, member_id, video_service_id)
  SELECT e.seq,
         COALESCE(c.advisor_id, CASE WHEN a.kind = 'ADVISOR' THEN a.id END),
         COALESCE(c.member_id,
                  CASE WHEN p.data->>'subjectId' ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN (p.data->>'subjectId')::uuid END,
                  CASE WHEN a.kind IN ('MEMBER', 'EMPLOYER') THEN a.id END),
         c.video_service_id
    FROM consent_log e
    LEFT JOIN consultation c ON c.id = e.consultation_id
    LEFT JOIN consent_log_personal p ON p.queue_id = e.queue_id
    LEFT JOIN account a ON a.id = CASE WHEN p.data->>'actorId' ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN (p.data->>'actorId')::uuid END
   WHERE e.seq = ANY(seqs)
  ON CONFLICT (seq) DO NOTHING
$$;

CREATE FUNCTION consent_log_record_facets() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM consent_log_facets_of(ARRAY(SELECT seq FROM inserted));
  RETURN NULL;
END $$;

CREATE TRIGGER consent_log_record_facets AFTER INSERT ON "consent_log"
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION consent_log_record_facets();

SELECT consent_log_facets_of(ARRAY(SELECT seq FROM consent_log));

-- An export's filter and checkpoint never change; its manifest fields are written once, when the
-- file was first produced in full.
CREATE FUNCTION log_export_complete_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.completed_at IS NOT NULL
     OR NEW.id IS DISTINCT FROM OLD.id OR NEW.officer_id IS DISTINCT FROM OLD.officer_id
     OR NEW.format IS DISTINCT FROM OLD.format OR NEW.filter IS DISTINCT FROM OLD.filter
     OR NEW.reason IS DISTINCT FROM OLD.reason OR NEW.tree_size IS DISTINCT FROM OLD.tree_size
     OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
    RAISE EXCEPTION 'log_export % can only be completed once', OLD.id;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER log_export_complete_once BEFORE UPDATE ON "log_export"
  FOR EACH ROW EXECUTE FUNCTION log_export_complete_once();
