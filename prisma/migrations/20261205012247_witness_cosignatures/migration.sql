-- CreateTable
CREATE TABLE "log_cosignature" (
    "tree_size" BIGINT NOT NULL,
    "witness_key" TEXT NOT NULL,
    "cosigned_at" TIMESTAMPTZ(3) NOT NULL,
    "line" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "log_cosignature_pkey" PRIMARY KEY ("tree_size","witness_key")
);

-- CreateTable
CREATE TABLE "witness_status" (
    "witness_key" TEXT NOT NULL,
    "cosigned_size" BIGINT NOT NULL DEFAULT 0,
    "last_contact_at" TIMESTAMPTZ(3),
    "problem" TEXT,
    "problem_since" TIMESTAMPTZ(3),
    "alarm" TEXT,
    "alarm_at" TIMESTAMPTZ(3),

    CONSTRAINT "witness_status_pkey" PRIMARY KEY ("witness_key")
);

-- CreateTable
CREATE TABLE "witness_lag" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "raised_at" TIMESTAMPTZ(3),

    CONSTRAINT "witness_lag_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "log_cosignature_witness_key_tree_size_idx" ON "log_cosignature"("witness_key", "tree_size");

-- AddForeignKey
ALTER TABLE "log_cosignature" ADD CONSTRAINT "log_cosignature_tree_size_fkey" FOREIGN KEY ("tree_size") REFERENCES "log_checkpoint"("tree_size") ON DELETE RESTRICT ON UPDATE CASCADE;

INSERT INTO "witness_lag" (id, raised_at) VALUES (1, NULL);

-- Cosignatures are evidence like the checkpoints they sign: never changed or removed.
CREATE TRIGGER log_cosignature_append_only BEFORE UPDATE OR DELETE ON "log_cosignature"
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER log_cosignature_no_truncate BEFORE TRUNCATE ON "log_cosignature"
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
