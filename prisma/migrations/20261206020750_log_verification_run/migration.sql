-- CreateEnum
CREATE TYPE "VerificationOutcome" AS ENUM ('OK', 'BROKEN', 'FAILED', 'ABANDONED');

-- CreateTable
CREATE TABLE "log_verification_run" (
    "id" UUID NOT NULL,
    "officer_id" UUID NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeat_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "head_seq" BIGINT NOT NULL,
    "checked_seq" BIGINT NOT NULL DEFAULT 0,
    "finished_at" TIMESTAMPTZ(3),
    "outcome" "VerificationOutcome",
    "result" JSONB,
    "anchor_kind" TEXT,
    "anchor_seq" BIGINT,
    "anchor_chain_hash" TEXT,
    "anchor_frontier" JSONB,

    CONSTRAINT "log_verification_run_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "log_verification_run_started_at_idx" ON "log_verification_run"("started_at");
