BEGIN;
--
-- Rename field note on order to customer_note
--
ALTER TABLE "orders_order" RENAME COLUMN "note" TO "customer_note";
COMMIT;
