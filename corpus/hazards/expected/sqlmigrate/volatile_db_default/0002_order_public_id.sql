BEGIN;
--
-- Add field public_id to order
--
ALTER TABLE "volatile_db_default_order" ADD COLUMN "public_id" uuid DEFAULT (GEN_RANDOM_UUID()) NOT NULL;
COMMIT;
