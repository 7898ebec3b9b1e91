-- CreateEnum
CREATE TYPE "RecordingState" AS ENUM ('OFF', 'RECORDING', 'STOPPED');

-- AlterTable
ALTER TABLE "consultation" ADD COLUMN     "call_started_at" TIMESTAMPTZ(3),
ADD COLUMN     "recording_changed_at" TIMESTAMPTZ(3),
ADD COLUMN     "recording_state" "RecordingState" NOT NULL DEFAULT 'OFF',
ADD COLUMN     "recording_stop_due_at" TIMESTAMPTZ(3);
