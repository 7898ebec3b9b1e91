-- Each log entry keeps the exact bytes its leaf hash covers, and each personal row the exact bytes of its data
-- that the entry's commitment covers (docs/decisions/0075). The columns everything else reads are generated
-- from those bytes, so they cannot say anything the hashed bytes do not: a verifier hashes the bytes and
-- needs to look at no column but the sequence number, which a check constraint ties to the bytes.

-- The bytes as JSON, and the entry's time from them. Declared IMMUTABLE, as generated columns require:
-- convert_from is only STABLE because it depends on the database's encoding, which never changes, and the
-- time is always written as toISOString writes it (UTC, "Z"), which reads the same under any setting.
CREATE FUNCTION log_entry_json(canonical bytea) RETURNS jsonb LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT convert_from(canonical, 'UTF8')::jsonb $$;
-- (Built-in functions only in the bodies: a restore from pg_dump runs them with an empty search_path.)
CREATE FUNCTION log_entry_time(canonical bytea) RETURNS timestamptz LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT (convert_from(canonical, 'UTF8')::jsonb ->> 'recordedAt')::timestamptz $$;

-- Canonical JSON as server/crypto/canonical-json.ts writes it (RFC 8785 for the values the log stores: keys
-- sorted, no white space, strings escaped as ECMAScript JSON does, integers only), used here to store the bytes
-- of the entries written before this migration; kept so that tests hold it to the application's form. Keys
-- are sorted by code point, which is UTF-16 order for every key outside U+E000–U+FFFF and the astral planes
-- (the log's keys are ASCII names).
CREATE FUNCTION log_canonical_json(value jsonb) RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  out text;
  member record;
  first boolean := true;
BEGIN
  IF jsonb_typeof(value) = 'object' THEN
    out := '{';
    FOR member IN SELECT key, v FROM jsonb_each(value) AS m(key, v) ORDER BY key COLLATE "C" LOOP
      out := out || CASE WHEN first THEN '' ELSE ',' END || to_jsonb(member.key)::text || ':' || log_canonical_json(member.v);
      first := false;
    END LOOP;
    RETURN out || '}';
  ELSIF jsonb_typeof(value) = 'array' THEN
    out := '[';
    FOR member IN SELECT v FROM jsonb_array_elements(value) WITH ORDINALITY AS a(v, n) ORDER BY n LOOP
      out := out || CASE WHEN first THEN '' ELSE ',' END || log_canonical_json(member.v);
      first := false;
    END LOOP;
    RETURN out || ']';
  END IF;
  RETURN value::text;
END;
$$;

-- The bytes of the entries and personal rows written so far, from their columns as they are: an entry whose
-- columns were changed after it was logged keeps its changed columns (now in its bytes), and every
-- verification goes on naming it, as before.
ALTER TABLE "consent_log" DISABLE TRIGGER "consent_log_append_only";
ALTER TABLE "consent_log" ADD COLUMN "canonical" BYTEA;
UPDATE "consent_log" SET "canonical" = convert_to(log_canonical_json(jsonb_build_object(
  'v', 1, 'seq', seq::text, 'recordedAt', to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  'eventType', event_type, 'consultationId', consultation_id, 'payload', payload, 'personalCommitment', personal_commitment)), 'UTF8');
ALTER TABLE "consent_log" ENABLE TRIGGER "consent_log_append_only";
ALTER TABLE "consent_log" ALTER COLUMN "canonical" SET NOT NULL;

ALTER TABLE "consent_log_personal" DISABLE TRIGGER "consent_log_personal_no_update";
ALTER TABLE "consent_log_personal" ADD COLUMN "canonical" BYTEA;
UPDATE "consent_log_personal" SET "canonical" = convert_to(log_canonical_json(data), 'UTF8');
ALTER TABLE "consent_log_personal" ENABLE TRIGGER "consent_log_personal_no_update";
ALTER TABLE "consent_log_personal" ALTER COLUMN "canonical" SET NOT NULL;

-- The columns, generated from the bytes (their indexes go with them and are made again).
ALTER TABLE "consent_log"
  DROP COLUMN "recorded_at",
  DROP COLUMN "event_type",
  DROP COLUMN "consultation_id",
  DROP COLUMN "payload",
  DROP COLUMN "personal_commitment";
ALTER TABLE "consent_log"
  ADD COLUMN "recorded_at" TIMESTAMPTZ(3) NOT NULL GENERATED ALWAYS AS (log_entry_time(canonical)) STORED,
  ADD COLUMN "event_type" TEXT NOT NULL GENERATED ALWAYS AS (log_entry_json(canonical) ->> 'eventType') STORED,
  ADD COLUMN "consultation_id" UUID GENERATED ALWAYS AS ((log_entry_json(canonical) ->> 'consultationId')::uuid) STORED,
  ADD COLUMN "payload" JSONB NOT NULL GENERATED ALWAYS AS (log_entry_json(canonical) -> 'payload') STORED,
  ADD COLUMN "personal_commitment" TEXT GENERATED ALWAYS AS (log_entry_json(canonical) ->> 'personalCommitment') STORED,
  ADD CONSTRAINT "consent_log_seq_in_bytes" CHECK (seq::text = log_entry_json(canonical) ->> 'seq');
CREATE INDEX "consent_log_consultation_id_seq_idx" ON "consent_log"("consultation_id", "seq");
CREATE INDEX "consent_log_event_type_seq_idx" ON "consent_log"("event_type", "seq");
CREATE INDEX "consent_log_recorded_at_idx" ON "consent_log"("recorded_at");

ALTER TABLE "consent_log_personal" DROP COLUMN "data";
ALTER TABLE "consent_log_personal" ADD COLUMN "data" JSONB NOT NULL GENERATED ALWAYS AS (log_entry_json(canonical)) STORED;

-- As before (numbering, every chain link), and now also: every new entry's bytes hash to its leaf hash, so the
-- bytes a verifier hashes are the bytes the chain was built over.
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
   WHERE leaf_hash <> encode(sha256(decode('00', 'hex') || canonical), 'hex')
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
