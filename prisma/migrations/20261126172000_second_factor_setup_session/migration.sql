-- AlterTable
ALTER TABLE "second_factor" ADD COLUMN     "setup_session_id" UUID;
