-- AlterTable
ALTER TABLE "login_failure" ADD COLUMN     "identifier_key" TEXT;

-- CreateIndex
CREATE INDEX "login_failure_identifier_key_attempted_at_idx" ON "login_failure"("identifier_key", "attempted_at");
