BEGIN;
--
-- Add field note to order
--
ALTER TABLE "add_nullable_order" ADD COLUMN "note" varchar(20) NULL;
COMMIT;
