-- AlterEnum
ALTER TYPE "ViolationKind" ADD VALUE 'CALL_NOT_ENDED';

-- AlterTable
ALTER TABLE "consultation" ADD COLUMN     "call_end_due_at" TIMESTAMPTZ(3),
ADD COLUMN     "call_ended_at" TIMESTAMPTZ(3);
