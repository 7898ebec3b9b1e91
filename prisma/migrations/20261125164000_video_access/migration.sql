-- CreateEnum
CREATE TYPE "VideoAccess" AS ENUM ('LINK', 'JITSI_JWT');

-- AlterTable
ALTER TABLE "video_service" ADD COLUMN     "access" "VideoAccess" NOT NULL DEFAULT 'LINK',
ADD COLUMN     "jitsi_app_id" TEXT;
