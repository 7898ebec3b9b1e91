-- Each log entry keeps the exact bytes its leaf hash covers, and each personal row the exact bytes of its
-- data that the entry's commitment covers (docs/decisions/0075): a verifier hashes the stored bytes instead
-- of rebuilding canonical JSON from the columns, and checks the columns against the bytes.
ALTER TABLE "consent_log" ADD COLUMN "canonical" BYTEA;
ALTER TABLE "consent_log_personal" ADD COLUMN "canonical" BYTEA;

-- Still append-only. The one change allowed is filling in the bytes of an entry written before the column
-- existed (`npm run db:migrate` backfills them), and only with bytes that hash to the entry's leaf hash.
CREATE FUNCTION consent_log_fill_bytes_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.canonical IS NULL AND NEW.canonical IS NOT NULL
     AND to_jsonb(NEW) - 'canonical' = to_jsonb(OLD) - 'canonical'
     AND encode(sha256(decode('00', 'hex') || NEW.canonical), 'hex') = OLD.leaf_hash THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% on % is not allowed: the table is append-only', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
DROP TRIGGER "consent_log_append_only" ON "consent_log";
CREATE TRIGGER "consent_log_append_only" BEFORE UPDATE OR DELETE ON "consent_log"
  FOR EACH ROW EXECUTE FUNCTION consent_log_fill_bytes_only();

-- Personal rows: the bytes may be filled in once, and only with bytes the entry's commitment covers
-- (the entry is in the log, or still in the queue).
CREATE FUNCTION consent_log_personal_fill_bytes_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.canonical IS NULL AND NEW.canonical IS NOT NULL
     AND to_jsonb(NEW) - 'canonical' = to_jsonb(OLD) - 'canonical'
     AND encode(sha256(decode(OLD.salt, 'hex') || NEW.canonical), 'hex') = COALESCE(
       (SELECT personal_commitment FROM "consent_log" WHERE queue_id = OLD.queue_id),
       (SELECT personal_commitment FROM "consent_log_queue" WHERE id = OLD.queue_id)) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% on % is not allowed: the table is append-only', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
DROP TRIGGER "consent_log_personal_no_update" ON "consent_log_personal";
CREATE TRIGGER "consent_log_personal_no_update" BEFORE UPDATE ON "consent_log_personal"
  FOR EACH ROW EXECUTE FUNCTION consent_log_personal_fill_bytes_only();

-- As before (numbering, every chain link), and now also: every new entry carries the bytes its leaf hash
-- covers, so the bytes a verifier hashes are the bytes the chain was built over.
CREATE OR REPLACE FUNCTION consent_log_extend_chain() RETURNS trigger LANGUAGE plpgsql AS $$
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
  SELECT seq INTO broken FROM inserted
   WHERE canonical IS NULL OR leaf_hash <> encode(sha256(decode('00', 'hex') || canonical), 'hex')
   ORDER BY seq
   LIMIT 1;
  IF broken IS NOT NULL THEN
    RAISE EXCEPTION 'consent log entry % does not carry the bytes its leaf hash covers', broken
      USING ERRCODE = 'check_violation';
  END IF;
  UPDATE "consent_log_head"
     SET seq = last_seq, chain_hash = (SELECT chain_hash FROM inserted WHERE seq = last_seq)
   WHERE id = 1;
  RETURN NULL;
END;
$$;
