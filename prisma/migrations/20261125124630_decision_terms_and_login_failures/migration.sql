-- AlterTable
-- Hand-edited: decisions recorded before this column existed get an empty hash, which matches no
-- service, so those members are asked again rather than relying on facts nobody recorded.
ALTER TABLE "consent_decision" ADD COLUMN     "service_facts_hash" TEXT NOT NULL DEFAULT '';
ALTER TABLE "consent_decision" ALTER COLUMN "service_facts_hash" DROP DEFAULT;

-- CreateTable
CREATE TABLE "login_failure" (
    "id" BIGSERIAL NOT NULL,
    "account_id" UUID,
    "ip_pseudonym" TEXT,
    "attempted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "login_failure_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "login_failure_account_id_attempted_at_idx" ON "login_failure"("account_id", "attempted_at");

-- CreateIndex
CREATE INDEX "login_failure_ip_pseudonym_attempted_at_idx" ON "login_failure"("ip_pseudonym", "attempted_at");


-- ---------------------------------------------------------------------------------------------
-- Hand-written: a recorded decision never changes, except that each withdrawal time is set once.
-- ---------------------------------------------------------------------------------------------
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
