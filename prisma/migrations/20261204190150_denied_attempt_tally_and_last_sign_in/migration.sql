-- AlterTable
ALTER TABLE "account" ADD COLUMN     "last_sign_in_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "denied_attempt_tally" (
    "actor_id" UUID NOT NULL,
    "event_type" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "further" INTEGER NOT NULL DEFAULT 0,
    "first_further_at" TIMESTAMPTZ(3),
    "last_further_at" TIMESTAMPTZ(3),
    "ip_pseudonym" TEXT,

    CONSTRAINT "denied_attempt_tally_pkey" PRIMARY KEY ("actor_id","event_type","subject","reason","window_start")
);

-- CreateIndex
CREATE INDEX "denied_attempt_tally_window_start_idx" ON "denied_attempt_tally"("window_start");
