-- CreateTable
CREATE TABLE "merkle_node" (
    "level" SMALLINT NOT NULL,
    "idx" BIGINT NOT NULL,
    "hash" BYTEA NOT NULL,

    CONSTRAINT "merkle_node_pkey" PRIMARY KEY ("level","idx")
);

-- CreateTable
CREATE TABLE "merkle_tree" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "size" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "merkle_tree_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "log_checkpoint" (
    "tree_size" BIGINT NOT NULL,
    "root_hash" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "log_checkpoint_pkey" PRIMARY KEY ("tree_size")
);

INSERT INTO "merkle_tree" (id, size) VALUES (1, 0);

-- Signed checkpoints are evidence: never changed or removed. Stored nodes only grow.
CREATE TRIGGER log_checkpoint_append_only BEFORE UPDATE OR DELETE ON "log_checkpoint"
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER log_checkpoint_no_truncate BEFORE TRUNCATE ON "log_checkpoint"
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER merkle_node_append_only BEFORE UPDATE OR DELETE ON "merkle_node"
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
