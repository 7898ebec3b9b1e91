-- CreateEnum
CREATE TYPE "AccountKind" AS ENUM ('MEMBER', 'EMPLOYER', 'ADVISOR', 'COMPLIANCE');

-- CreateEnum
CREATE TYPE "ProcessingRegion" AS ENUM ('EU_EEA', 'THIRD_COUNTRY');

-- CreateEnum
CREATE TYPE "ConsentOutcome" AS ENUM ('GIVEN', 'REFUSED');

-- CreateTable
CREATE TABLE "account" (
    "id" UUID NOT NULL,
    "kind" "AccountKind" NOT NULL,
    "login_name" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "must_change_password" BOOLEAN NOT NULL DEFAULT true,
    "password_changed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "session" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "idle_timeout_seconds" INTEGER NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "video_service" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "operator" TEXT NOT NULL,
    "processing_region" "ProcessingRegion" NOT NULL,
    "third_countries" TEXT[],
    "end_to_end_encrypted" BOOLEAN NOT NULL,
    "can_record" BOOLEAN NOT NULL,
    "join_url_template" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "video_service_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "disclosure_version" (
    "id" UUID NOT NULL,
    "video_service_id" UUID NOT NULL,
    "language" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "content_hash" TEXT NOT NULL,
    "published_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "disclosure_version_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consultation" (
    "id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "advisor_id" UUID NOT NULL,
    "topic" TEXT NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "duration_minutes" INTEGER NOT NULL,
    "video_service_id" UUID NOT NULL,
    "room" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "consultation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consent_decision" (
    "id" UUID NOT NULL,
    "consultation_id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "video_service_id" UUID NOT NULL,
    "disclosure_version_id" UUID NOT NULL,
    "disclosure_hash" TEXT NOT NULL,
    "service_facts_hash" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "outcome" "ConsentOutcome" NOT NULL,
    "transmission" BOOLEAN NOT NULL,
    "third_country_transfer" BOOLEAN,
    "recording" BOOLEAN NOT NULL,
    "alternative" TEXT,
    "served_nonce" TEXT NOT NULL,
    "served_at" TIMESTAMPTZ(3) NOT NULL,
    "decided_at" TIMESTAMPTZ(3) NOT NULL,
    "withdrawn_at" TIMESTAMPTZ(3),
    "recording_withdrawn_at" TIMESTAMPTZ(3),
    "log_queue_id" BIGINT NOT NULL,

    CONSTRAINT "consent_decision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consent_log_queue" (
    "id" BIGSERIAL NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,
    "event_type" TEXT NOT NULL,
    "consultation_id" UUID,
    "payload" JSONB NOT NULL,
    "personal_commitment" TEXT,

    CONSTRAINT "consent_log_queue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consent_log" (
    "seq" BIGINT NOT NULL,
    "queue_id" BIGINT NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,
    "event_type" TEXT NOT NULL,
    "consultation_id" UUID,
    "payload" JSONB NOT NULL,
    "personal_commitment" TEXT,
    "leaf_hash" TEXT NOT NULL,
    "chain_hash" TEXT NOT NULL,

    CONSTRAINT "consent_log_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "consent_log_personal" (
    "queue_id" BIGINT NOT NULL,
    "salt" TEXT NOT NULL,
    "data" JSONB NOT NULL,

    CONSTRAINT "consent_log_personal_pkey" PRIMARY KEY ("queue_id")
);

-- CreateTable
CREATE TABLE "consent_log_head" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "seq" BIGINT NOT NULL,
    "chain_hash" TEXT NOT NULL,

    CONSTRAINT "consent_log_head_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "login_failure" (
    "id" BIGSERIAL NOT NULL,
    "account_id" UUID,
    "ip_pseudonym" TEXT,
    "attempted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "login_failure_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "account_login_name_key" ON "account"("login_name");

-- CreateIndex
CREATE INDEX "session_account_id_idx" ON "session"("account_id");

-- CreateIndex
CREATE UNIQUE INDEX "video_service_key_key" ON "video_service"("key");

-- CreateIndex
CREATE INDEX "disclosure_version_content_hash_idx" ON "disclosure_version"("content_hash");

-- CreateIndex
CREATE UNIQUE INDEX "disclosure_version_video_service_id_language_version_key" ON "disclosure_version"("video_service_id", "language", "version");

-- CreateIndex
CREATE INDEX "consultation_member_id_starts_at_idx" ON "consultation"("member_id", "starts_at");

-- CreateIndex
CREATE INDEX "consultation_advisor_id_starts_at_idx" ON "consultation"("advisor_id", "starts_at");

-- CreateIndex
CREATE UNIQUE INDEX "consent_decision_served_nonce_key" ON "consent_decision"("served_nonce");

-- CreateIndex
CREATE UNIQUE INDEX "consent_decision_log_queue_id_key" ON "consent_decision"("log_queue_id");

-- CreateIndex
CREATE INDEX "consent_decision_consultation_id_log_queue_id_idx" ON "consent_decision"("consultation_id", "log_queue_id");

-- CreateIndex
CREATE INDEX "consent_log_queue_consultation_id_id_idx" ON "consent_log_queue"("consultation_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "consent_log_queue_id_key" ON "consent_log"("queue_id");

-- CreateIndex
CREATE INDEX "consent_log_consultation_id_seq_idx" ON "consent_log"("consultation_id", "seq");

-- CreateIndex
CREATE INDEX "login_failure_account_id_attempted_at_idx" ON "login_failure"("account_id", "attempted_at");

-- CreateIndex
CREATE INDEX "login_failure_ip_pseudonym_attempted_at_idx" ON "login_failure"("ip_pseudonym", "attempted_at");

-- AddForeignKey
ALTER TABLE "session" ADD CONSTRAINT "session_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "disclosure_version" ADD CONSTRAINT "disclosure_version_video_service_id_fkey" FOREIGN KEY ("video_service_id") REFERENCES "video_service"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consultation" ADD CONSTRAINT "consultation_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consultation" ADD CONSTRAINT "consultation_advisor_id_fkey" FOREIGN KEY ("advisor_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consultation" ADD CONSTRAINT "consultation_video_service_id_fkey" FOREIGN KEY ("video_service_id") REFERENCES "video_service"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consent_decision" ADD CONSTRAINT "consent_decision_consultation_id_fkey" FOREIGN KEY ("consultation_id") REFERENCES "consultation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consent_decision" ADD CONSTRAINT "consent_decision_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consent_decision" ADD CONSTRAINT "consent_decision_disclosure_version_id_fkey" FOREIGN KEY ("disclosure_version_id") REFERENCES "disclosure_version"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------
-- Hand-written: the database itself guards the consent log (docs/decisions/0004, 0013).
-- ---------------------------------------------------------------------------------------------

CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% on % is not allowed: the table is append-only', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

-- The queue: an event is written in the transaction of its state change; it leaves the queue only
-- in the transaction that integrates it into the log.
CREATE FUNCTION consent_log_queue_leave_only_integrated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "consent_log" WHERE queue_id = OLD.id) THEN
    RAISE EXCEPTION 'queued log entry % may only leave the queue once it is in the log', OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN OLD;
END;
$$;
CREATE TRIGGER consent_log_queue_no_update BEFORE UPDATE ON "consent_log_queue"
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER consent_log_queue_leave_only_integrated BEFORE DELETE ON "consent_log_queue"
  FOR EACH ROW EXECUTE FUNCTION consent_log_queue_leave_only_integrated();
CREATE TRIGGER consent_log_queue_no_truncate BEFORE TRUNCATE ON "consent_log_queue"
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- The log: no UPDATE, DELETE or TRUNCATE, ever.
CREATE TRIGGER consent_log_append_only BEFORE UPDATE OR DELETE ON "consent_log"
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER consent_log_no_truncate BEFORE TRUNCATE ON "consent_log"
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- Entries are accepted only as the next ones after the head, each chained to the one before: after
-- every insert statement the database checks the new rows as a set (numbering and every chain link,
-- recomputed in SQL) and then advances the head itself, so sequence numbers stay dense and the chain
-- cannot fork. Checked per statement, not per row: a batch of a thousand costs one check.
CREATE FUNCTION consent_log_extend_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  head "consent_log_head"%ROWTYPE;
  added bigint;
  first_seq bigint;
  last_seq bigint;
  broken bigint;
BEGIN
  SELECT * INTO head FROM "consent_log_head" WHERE id = 1 FOR UPDATE;
  SELECT count(*), min(seq), max(seq) INTO added, first_seq, last_seq FROM inserted;
  IF added = 0 THEN
    RETURN NULL;
  END IF;
  -- seq is the primary key, so count, min and max pin the new rows to exactly head+1 .. head+added.
  IF first_seq <> head.seq + 1 OR last_seq <> head.seq + added THEN
    RAISE EXCEPTION 'consent log entries % to % are not the next ones after %', first_seq, last_seq, head.seq
      USING ERRCODE = 'check_violation';
  END IF;
  SELECT link.seq INTO broken
    FROM (SELECT seq, leaf_hash, chain_hash, lag(chain_hash, 1, head.chain_hash) OVER (ORDER BY seq) AS previous
            FROM inserted) AS link
   WHERE link.chain_hash <> encode(sha256(decode(link.previous, 'hex') || decode(link.leaf_hash, 'hex')), 'hex')
   ORDER BY link.seq
   LIMIT 1;
  IF broken IS NOT NULL THEN
    RAISE EXCEPTION 'consent log entry % does not chain to the entry before it', broken
      USING ERRCODE = 'check_violation';
  END IF;
  UPDATE "consent_log_head"
     SET seq = last_seq, chain_hash = (SELECT chain_hash FROM inserted WHERE seq = last_seq)
   WHERE id = 1;
  RETURN NULL;
END;
$$;
CREATE TRIGGER consent_log_extend_chain AFTER INSERT ON "consent_log"
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION consent_log_extend_chain();

-- Only that trigger moves the head (trigger depth 2), and only forward; nothing deletes it.
CREATE FUNCTION consent_log_head_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF pg_trigger_depth() < 2 OR NEW.id <> 1 OR NEW.seq <= OLD.seq THEN
    RAISE EXCEPTION 'the consent log head moves only when entries are inserted'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER consent_log_head_guard BEFORE UPDATE ON "consent_log_head"
  FOR EACH ROW EXECUTE FUNCTION consent_log_head_guard();
CREATE TRIGGER consent_log_head_keep BEFORE DELETE ON "consent_log_head"
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER consent_log_head_no_truncate BEFORE TRUNCATE ON "consent_log_head"
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

INSERT INTO "consent_log_head" (id, seq, chain_hash)
  VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Personal fields may only be erased whole (retention purge), never rewritten.
CREATE TRIGGER consent_log_personal_no_update BEFORE UPDATE ON "consent_log_personal"
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER consent_log_personal_no_truncate BEFORE TRUNCATE ON "consent_log_personal"
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- A published disclosure text never changes: consents point at it by hash.
CREATE TRIGGER disclosure_version_immutable BEFORE UPDATE OR DELETE ON "disclosure_version"
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER disclosure_version_no_truncate BEFORE TRUNCATE ON "disclosure_version"
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- A recorded decision never changes, except that each withdrawal time is set once.
CREATE FUNCTION consent_decision_only_withdrawals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (to_jsonb(NEW) - 'withdrawn_at' - 'recording_withdrawn_at') <> (to_jsonb(OLD) - 'withdrawn_at' - 'recording_withdrawn_at')
     OR (OLD.withdrawn_at IS NOT NULL AND NEW.withdrawn_at IS DISTINCT FROM OLD.withdrawn_at)
     OR (OLD.recording_withdrawn_at IS NOT NULL AND NEW.recording_withdrawn_at IS DISTINCT FROM OLD.recording_withdrawn_at)
     OR (NEW.recording_withdrawn_at IS NOT NULL AND NOT OLD.recording) THEN
    RAISE EXCEPTION 'a recorded consent decision cannot be changed, only withdrawn once'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER consent_decision_only_withdrawals BEFORE UPDATE ON "consent_decision"
  FOR EACH ROW EXECUTE FUNCTION consent_decision_only_withdrawals();
CREATE TRIGGER consent_decision_keep BEFORE DELETE ON "consent_decision"
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER consent_decision_no_truncate BEFORE TRUNCATE ON "consent_decision"
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
