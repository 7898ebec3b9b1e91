-- AlterEnum
ALTER TYPE "AccountKind" ADD VALUE 'ADMIN';

-- AlterTable
ALTER TABLE "account" ADD COLUMN     "deactivated_at" TIMESTAMPTZ(3),
ADD COLUMN     "initial_password_expires_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "login_failure" ADD COLUMN     "cleared_at" TIMESTAMPTZ(3);
