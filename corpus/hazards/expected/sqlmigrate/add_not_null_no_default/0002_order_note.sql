BEGIN;
--
-- Add field note to order
--
ALTER TABLE "add_not_null_no_default_order" ADD COLUMN "note" text NOT NULL;
COMMIT;
