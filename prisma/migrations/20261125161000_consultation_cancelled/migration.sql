-- AlterTable
ALTER TABLE "consultation" ADD COLUMN     "cancelled_at" TIMESTAMPTZ(3);
