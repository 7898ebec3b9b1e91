-- Kept entry bundles are stored gzip-compressed, as they are sent (docs/decisions/0062). They are a copy
-- derived from the log, so the ones kept so far are dropped: the checkpoint leader keeps them again.
DELETE FROM "log_entry_bundle";

-- AlterTable
ALTER TABLE "log_entry_bundle" DROP COLUMN "bytes",
ADD COLUMN     "gzipped" BYTEA NOT NULL;
