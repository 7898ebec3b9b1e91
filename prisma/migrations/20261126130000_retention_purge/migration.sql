-- CreateIndex
CREATE INDEX "consultation_starts_at_idx" ON "consultation"("starts_at");

-- CreateIndex
CREATE INDEX "login_failure_attempted_at_idx" ON "login_failure"("attempted_at");

-- CreateIndex
CREATE INDEX "session_last_seen_at_idx" ON "session"("last_seen_at");

-- ---------------------------------------------------------------------------------------------
-- Hand-written: the retention purge is the only path that erases personal data of the log and
-- deletes recorded consent decisions (docs/decisions/0029). It declares, for its own transaction
-- only (set_config(…, true)), the cut-off it works to; these triggers let a row go only if it is
-- older than that cut-off. Like the other triggers this stops the application and honest mistakes,
-- not the database owner; an erasure without a purge entry in the log still shows in verification.
-- ---------------------------------------------------------------------------------------------

CREATE FUNCTION retention_cutoff(setting text) RETURNS timestamptz LANGUAGE sql STABLE AS $$
  -- Unset, or reset to '' after the purge's transaction: no cut-off, nothing may go.
  SELECT NULLIF(current_setting(setting, true), '')::timestamptz
$$;

-- A log entry's personal row: only once the entry is in the chain and older than the cut-off.
CREATE FUNCTION consent_log_personal_erase_only_expired() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cutoff timestamptz := retention_cutoff('consent_gateway.erase_log_personal_before');
BEGIN
  IF cutoff IS NULL OR NOT EXISTS (SELECT 1 FROM "consent_log" WHERE queue_id = OLD.queue_id AND recorded_at < cutoff) THEN
    RAISE EXCEPTION 'personal data of log entry % may only be erased by the retention purge after its retention period', OLD.queue_id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN OLD;
END;
$$;
CREATE TRIGGER consent_log_personal_erase_only_expired BEFORE DELETE ON "consent_log_personal"
  FOR EACH ROW EXECUTE FUNCTION consent_log_personal_erase_only_expired();

-- A recorded consent decision: deleted only with its consultation, once everything about it is older
-- than the cut-off (it was refused outright before).
DROP TRIGGER consent_decision_keep ON "consent_decision";
CREATE FUNCTION consent_decision_delete_only_expired() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cutoff timestamptz := retention_cutoff('consent_gateway.delete_consultations_before');
BEGIN
  IF cutoff IS NULL OR GREATEST(OLD.served_at, OLD.decided_at, OLD.withdrawn_at, OLD.recording_withdrawn_at) >= cutoff THEN
    RAISE EXCEPTION 'a recorded consent decision may only be deleted by the retention purge after its retention period'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN OLD;
END;
$$;
CREATE TRIGGER consent_decision_delete_only_expired BEFORE DELETE ON "consent_decision"
  FOR EACH ROW EXECUTE FUNCTION consent_decision_delete_only_expired();
