-- CreateTable
CREATE TABLE "auditor_credential" (
    "id" UUID NOT NULL,
    "label" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "activation_hash" TEXT,
    "entries_from" TIMESTAMPTZ(3) NOT NULL,
    "entries_until" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activated_at" TIMESTAMPTZ(3),
    "activated_by_id" UUID,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "auditor_credential_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "auditor_credential_token_hash_key" ON "auditor_credential"("token_hash");

-- AddForeignKey
ALTER TABLE "auditor_credential" ADD CONSTRAINT "auditor_credential_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "account"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "auditor_credential" ADD CONSTRAINT "auditor_credential_activated_by_id_fkey" FOREIGN KEY ("activated_by_id") REFERENCES "account"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Four eyes and a sensible range, also against a write that bypasses the application.
ALTER TABLE "auditor_credential" ADD CONSTRAINT "auditor_credential_range" CHECK ("entries_from" < "entries_until");
ALTER TABLE "auditor_credential" ADD CONSTRAINT "auditor_credential_two_officers" CHECK ("activated_by_id" IS NULL OR "activated_by_id" <> "created_by_id");
