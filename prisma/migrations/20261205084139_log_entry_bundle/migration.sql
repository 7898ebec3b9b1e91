-- CreateTable
CREATE TABLE "log_entry_bundle" (
    "idx" BIGINT NOT NULL,
    "bytes" BYTEA NOT NULL,
    "first_recorded_at" TIMESTAMPTZ(3) NOT NULL,
    "last_recorded_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "log_entry_bundle_pkey" PRIMARY KEY ("idx")
);
