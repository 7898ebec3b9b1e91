-- CreateEnum
CREATE TYPE "LetterState" AS ENUM ('REQUESTED', 'HANDED_TO_PRINT', 'PRINTED', 'FAILED');

-- CreateEnum
CREATE TYPE "LetterRequester" AS ENUM ('ADMIN', 'ADVISOR', 'OPERATOR');

-- AlterTable
ALTER TABLE "consent_decision" ADD COLUMN     "after_password_letter" "LetterRequester";

-- AlterTable
ALTER TABLE "session" ADD COLUMN     "after_password_letter" "LetterRequester";

-- CreateTable
CREATE TABLE "password_letter" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "requested_by_kind" "LetterRequester" NOT NULL,
    "requested_by_id" UUID,
    "language" TEXT NOT NULL,
    "first_access" BOOLEAN NOT NULL DEFAULT false,
    "state" "LetterState" NOT NULL DEFAULT 'REQUESTED',
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "repeats_id" UUID,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "handed_at" TIMESTAMPTZ(3),
    "print_credential_id" UUID,
    "code_expires_at" TIMESTAMPTZ(3),
    "confirmed_at" TIMESTAMPTZ(3),
    "failure_reason" TEXT,
    "code_used_at" TIMESTAMPTZ(3),
    "password_set_at" TIMESTAMPTZ(3),

    CONSTRAINT "password_letter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "print_credential" (
    "id" UUID NOT NULL,
    "label" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "activation_hash" TEXT,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activated_at" TIMESTAMPTZ(3),
    "activated_by_id" UUID,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "print_credential_pkey" PRIMARY KEY ("id"),
    -- Split knowledge (docs/decisions/0042): the activator's part exists exactly when it is activated.
    CONSTRAINT "print_credential_activation_parts" CHECK (("activated_at" IS NULL) = ("activation_hash" IS NULL))
);

-- CreateIndex
CREATE INDEX "password_letter_state_requested_at_idx" ON "password_letter"("state", "requested_at");

-- CreateIndex
CREATE INDEX "password_letter_account_id_requested_at_idx" ON "password_letter"("account_id", "requested_at");

-- CreateIndex
CREATE UNIQUE INDEX "print_credential_token_hash_key" ON "print_credential"("token_hash");

-- AddForeignKey
ALTER TABLE "password_letter" ADD CONSTRAINT "password_letter_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "password_letter" ADD CONSTRAINT "password_letter_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "account"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "password_letter" ADD CONSTRAINT "password_letter_print_credential_id_fkey" FOREIGN KEY ("print_credential_id") REFERENCES "print_credential"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "print_credential" ADD CONSTRAINT "print_credential_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "account"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "print_credential" ADD CONSTRAINT "print_credential_activated_by_id_fkey" FOREIGN KEY ("activated_by_id") REFERENCES "account"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Letters downloaded before this change: their codes were on a staff member's screen (docs/decisions/0042).
-- Each member still on such a code loses it (the marker is no Argon2 hash, so nothing matches it), every
-- session of theirs ends, and a new letter is queued for the print system, which makes a new code.
WITH "voided" AS (
  UPDATE "account" SET "password_hash" = '!no-password'
  WHERE "kind" IN ('MEMBER', 'EMPLOYER') AND "must_change_password" AND "deactivated_at" IS NULL
  RETURNING "id", "initial_password_expires_at"
), "ended" AS (
  UPDATE "session" SET "revoked_at" = CURRENT_TIMESTAMP
  WHERE "revoked_at" IS NULL AND "account_id" IN (SELECT "id" FROM "voided")
)
INSERT INTO "password_letter" ("id", "account_id", "requested_by_kind", "language")
SELECT gen_random_uuid(), "id", 'OPERATOR', 'de' FROM "voided"
WHERE "initial_password_expires_at" IS NULL OR "initial_password_expires_at" > CURRENT_TIMESTAMP;
UPDATE "account" SET "initial_password_expires_at" = NULL WHERE "password_hash" = '!no-password';
