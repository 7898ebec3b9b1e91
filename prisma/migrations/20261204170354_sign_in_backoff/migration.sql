-- AlterTable
ALTER TABLE "login_failure" ADD COLUMN     "refused" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "session" ADD COLUMN     "failed_sign_ins_before" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "previous_sign_in_at" TIMESTAMPTZ(3);
