-- AlterTable
ALTER TABLE "consultation" ADD COLUMN     "callback_phone" TEXT;
