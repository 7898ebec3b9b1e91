-- CreateEnum
CREATE TYPE "ViolationKind" AS ENUM ('RECORDING_WITHOUT_CONSENT');

-- AlterEnum
ALTER TYPE "VideoAccess" ADD VALUE 'LIVEKIT';

-- AlterTable
ALTER TABLE "consultation" ADD COLUMN     "livekit_egress_id" TEXT,
ADD COLUMN     "room_closed_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "violation" (
    "id" UUID NOT NULL,
    "consultation_id" UUID NOT NULL,
    "kind" "ViolationKind" NOT NULL,
    "external_ref" TEXT NOT NULL,
    "detected_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "violation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "video_webhook_event" (
    "id" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "video_webhook_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "violation_detected_at_idx" ON "violation"("detected_at");

-- CreateIndex
CREATE UNIQUE INDEX "violation_consultation_id_kind_external_ref_key" ON "violation"("consultation_id", "kind", "external_ref");

-- CreateIndex
CREATE INDEX "video_webhook_event_received_at_idx" ON "video_webhook_event"("received_at");

-- CreateIndex
CREATE UNIQUE INDEX "consultation_room_key" ON "consultation"("room");

-- AddForeignKey
ALTER TABLE "violation" ADD CONSTRAINT "violation_consultation_id_fkey" FOREIGN KEY ("consultation_id") REFERENCES "consultation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- A violation shows on the advisor's open page at once, like any other change to the consultation.
CREATE TRIGGER violation_changed AFTER INSERT OR UPDATE ON "violation"
  FOR EACH ROW EXECUTE FUNCTION notify_consultation_changed();
