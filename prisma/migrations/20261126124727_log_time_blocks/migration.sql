-- CreateTable
CREATE TABLE "consent_log_time_block" (
    "block" BIGINT NOT NULL,
    "min_recorded_at" TIMESTAMPTZ(3) NOT NULL,
    "max_recorded_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "consent_log_time_block_pkey" PRIMARY KEY ("block")
);

-- Kept up to date in the integrating transaction, with the facets (one statement per batch).
CREATE OR REPLACE FUNCTION consent_log_record_facets() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM consent_log_facets_of(ARRAY(SELECT seq FROM inserted));
  INSERT INTO consent_log_time_block (block, min_recorded_at, max_recorded_at)
  SELECT seq / 1024, min(recorded_at), max(recorded_at) FROM inserted GROUP BY seq / 1024
  ON CONFLICT (block) DO UPDATE
    SET min_recorded_at = least(consent_log_time_block.min_recorded_at, excluded.min_recorded_at),
        max_recorded_at = greatest(consent_log_time_block.max_recorded_at, excluded.max_recorded_at);
  RETURN NULL;
END $$;

INSERT INTO consent_log_time_block (block, min_recorded_at, max_recorded_at)
SELECT seq / 1024, min(recorded_at), max(recorded_at) FROM consent_log GROUP BY seq / 1024;
