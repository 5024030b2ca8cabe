BEGIN;
--
-- Remove field legacy_code from order
--
ALTER TABLE "orders_order" DROP COLUMN "legacy_code" CASCADE;
COMMIT;
