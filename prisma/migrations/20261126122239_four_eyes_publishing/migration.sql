-- CreateEnum
CREATE TYPE "FourEyesOutcome" AS ENUM ('APPROVED', 'REJECTED', 'WITHDRAWN');

-- CreateTable
CREATE TABLE "disclosure_draft" (
    "id" UUID NOT NULL,
    "video_service_id" UUID NOT NULL,
    "language" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "author_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "disclosure_draft_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "disclosure_publication_request" (
    "id" UUID NOT NULL,
    "draft_id" UUID NOT NULL,
    "content_hash" TEXT NOT NULL,
    "based_on_version_id" UUID,
    "requested_by_id" UUID NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" "FourEyesOutcome",
    "decided_by_id" UUID,
    "decided_at" TIMESTAMPTZ(3),
    "note" TEXT,
    "published_version_id" UUID,

    CONSTRAINT "disclosure_publication_request_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "video_service_proposal" (
    "id" UUID NOT NULL,
    "video_service_id" UUID,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "operator" TEXT NOT NULL,
    "processing_region" "ProcessingRegion" NOT NULL,
    "third_countries" TEXT[],
    "end_to_end_encrypted" BOOLEAN NOT NULL,
    "can_record" BOOLEAN NOT NULL,
    "join_url_template" TEXT NOT NULL,
    "access" "VideoAccess" NOT NULL,
    "jitsi_app_id" TEXT,
    "base_hash" TEXT,
    "proposed_by_id" UUID NOT NULL,
    "proposed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" "FourEyesOutcome",
    "decided_by_id" UUID,
    "decided_at" TIMESTAMPTZ(3),
    "note" TEXT,

    CONSTRAINT "video_service_proposal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "disclosure_draft_video_service_id_language_idx" ON "disclosure_draft"("video_service_id", "language");

-- CreateIndex
CREATE UNIQUE INDEX "disclosure_publication_request_published_version_id_key" ON "disclosure_publication_request"("published_version_id");

-- CreateIndex
CREATE INDEX "disclosure_publication_request_draft_id_requested_at_idx" ON "disclosure_publication_request"("draft_id", "requested_at");

-- CreateIndex
CREATE INDEX "video_service_proposal_video_service_id_proposed_at_idx" ON "video_service_proposal"("video_service_id", "proposed_at");

-- AddForeignKey
ALTER TABLE "disclosure_draft" ADD CONSTRAINT "disclosure_draft_video_service_id_fkey" FOREIGN KEY ("video_service_id") REFERENCES "video_service"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "disclosure_draft" ADD CONSTRAINT "disclosure_draft_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "disclosure_publication_request" ADD CONSTRAINT "disclosure_publication_request_draft_id_fkey" FOREIGN KEY ("draft_id") REFERENCES "disclosure_draft"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "disclosure_publication_request" ADD CONSTRAINT "disclosure_publication_request_based_on_version_id_fkey" FOREIGN KEY ("based_on_version_id") REFERENCES "disclosure_version"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "disclosure_publication_request" ADD CONSTRAINT "disclosure_publication_request_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "disclosure_publication_request" ADD CONSTRAINT "disclosure_publication_request_decided_by_id_fkey" FOREIGN KEY ("decided_by_id") REFERENCES "account"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "disclosure_publication_request" ADD CONSTRAINT "disclosure_publication_request_published_version_id_fkey" FOREIGN KEY ("published_version_id") REFERENCES "disclosure_version"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "video_service_proposal" ADD CONSTRAINT "video_service_proposal_video_service_id_fkey" FOREIGN KEY ("video_service_id") REFERENCES "video_service"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "video_service_proposal" ADD CONSTRAINT "video_service_proposal_proposed_by_id_fkey" FOREIGN KEY ("proposed_by_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "video_service_proposal" ADD CONSTRAINT "video_service_proposal_decided_by_id_fkey" FOREIGN KEY ("decided_by_id") REFERENCES "account"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Four-eyes rules the database holds by itself (docs/decisions/0027), so that no code path, however
-- buggy, can publish a text or change a video service on one officer's word alone.

ALTER TABLE "disclosure_draft" ADD CONSTRAINT "disclosure_draft_language" CHECK (language IN ('de', 'en'));

-- A request is open (no outcome) or decided: decided by someone, at a time. Nobody decides their own
-- request except to withdraw it; a rejection carries its reason; an approval names what it published.
ALTER TABLE "disclosure_publication_request"
  ADD CONSTRAINT "disclosure_publication_request_decided" CHECK ((outcome IS NULL) = (decided_at IS NULL) AND (outcome IS NULL) = (decided_by_id IS NULL)),
  ADD CONSTRAINT "disclosure_publication_request_four_eyes" CHECK (outcome IS NULL OR (outcome = 'WITHDRAWN') = (decided_by_id = requested_by_id)),
  ADD CONSTRAINT "disclosure_publication_request_rejection_note" CHECK (outcome IS DISTINCT FROM 'REJECTED' OR length(btrim(note)) > 0),
  ADD CONSTRAINT "disclosure_publication_request_published" CHECK ((outcome IS NOT DISTINCT FROM 'APPROVED') = (published_version_id IS NOT NULL));
CREATE UNIQUE INDEX "disclosure_publication_request_one_open" ON "disclosure_publication_request" (draft_id) WHERE outcome IS NULL;

ALTER TABLE "video_service_proposal"
  ALTER COLUMN "third_countries" SET NOT NULL,
  ADD CONSTRAINT "video_service_proposal_decided" CHECK ((outcome IS NULL) = (decided_at IS NULL) AND (outcome IS NULL) = (decided_by_id IS NULL)),
  ADD CONSTRAINT "video_service_proposal_four_eyes" CHECK (outcome IS NULL OR (outcome = 'WITHDRAWN') = (decided_by_id = proposed_by_id)),
  ADD CONSTRAINT "video_service_proposal_rejection_note" CHECK (outcome IS DISTINCT FROM 'REJECTED' OR length(btrim(note)) > 0),
  ADD CONSTRAINT "video_service_proposal_countries" CHECK ((processing_region = 'EU_EEA') = (cardinality(third_countries) = 0));
-- One open proposal per service, and per key for new services: a second would be decided against a stale base.
CREATE UNIQUE INDEX "video_service_proposal_one_open" ON "video_service_proposal" (video_service_id) WHERE outcome IS NULL AND video_service_id IS NOT NULL;
CREATE UNIQUE INDEX "video_service_proposal_one_open_new" ON "video_service_proposal" (key) WHERE outcome IS NULL AND video_service_id IS NULL;

-- Requests and proposals start open.
CREATE FUNCTION four_eyes_starts_open() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.outcome IS NOT NULL THEN
    RAISE EXCEPTION '% must be inserted open and decided afterwards', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;

-- Deciding writes the decision's columns once; after that the row never changes.
CREATE FUNCTION four_eyes_decided_once() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  decision_columns text[] := ARRAY['outcome', 'decided_by_id', 'decided_at', 'note', 'published_version_id'];
BEGIN
  IF OLD.outcome IS NOT NULL THEN
    RAISE EXCEPTION '% % was decided and cannot be changed', TG_TABLE_NAME, OLD.id USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF (to_jsonb(NEW) - decision_columns) <> (to_jsonb(OLD) - decision_columns) THEN
    RAISE EXCEPTION 'only the decision on % % can be recorded', TG_TABLE_NAME, OLD.id USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER disclosure_publication_request_starts_open BEFORE INSERT ON "disclosure_publication_request"
  FOR EACH ROW EXECUTE FUNCTION four_eyes_starts_open();
CREATE TRIGGER disclosure_publication_request_decided_once BEFORE UPDATE ON "disclosure_publication_request"
  FOR EACH ROW EXECUTE FUNCTION four_eyes_decided_once();
CREATE TRIGGER disclosure_publication_request_keep BEFORE DELETE ON "disclosure_publication_request"
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER disclosure_publication_request_no_truncate BEFORE TRUNCATE ON "disclosure_publication_request"
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

CREATE TRIGGER video_service_proposal_starts_open BEFORE INSERT ON "video_service_proposal"
  FOR EACH ROW EXECUTE FUNCTION four_eyes_starts_open();
CREATE TRIGGER video_service_proposal_decided_once BEFORE UPDATE ON "video_service_proposal"
  FOR EACH ROW EXECUTE FUNCTION four_eyes_decided_once();
CREATE TRIGGER video_service_proposal_keep BEFORE DELETE ON "video_service_proposal"
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER video_service_proposal_no_truncate BEFORE TRUNCATE ON "video_service_proposal"
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- Only a draft's author asks for its publication (so "not the requester" means "not the author").
CREATE FUNCTION disclosure_publication_request_by_author() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "disclosure_draft" d WHERE d.id = NEW.draft_id AND d.author_id = NEW.requested_by_id) THEN
    RAISE EXCEPTION 'only the author of draft % can request its publication', NEW.draft_id USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER disclosure_publication_request_by_author BEFORE INSERT ON "disclosure_publication_request"
  FOR EACH ROW EXECUTE FUNCTION disclosure_publication_request_by_author();

-- A draft is frozen while its publication is requested and for good once published; it always keeps
-- its author, service and language.
CREATE FUNCTION disclosure_draft_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "disclosure_publication_request" r
             WHERE r.draft_id = OLD.id AND (r.outcome IS NULL OR r.outcome = 'APPROVED')) THEN
    RAISE EXCEPTION 'disclosure draft % is frozen: its publication is requested or done', OLD.id USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  IF NEW.author_id <> OLD.author_id OR NEW.video_service_id <> OLD.video_service_id OR NEW.language <> OLD.language THEN
    RAISE EXCEPTION 'disclosure draft % keeps its author, service and language', OLD.id USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER disclosure_draft_frozen BEFORE UPDATE OR DELETE ON "disclosure_draft"
  FOR EACH ROW EXECUTE FUNCTION disclosure_draft_frozen();
