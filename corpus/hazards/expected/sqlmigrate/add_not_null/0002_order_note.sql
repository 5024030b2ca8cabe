BEGIN;
--
-- Add field note to order
--
ALTER TABLE "add_not_null_order" ADD COLUMN "note" varchar(20) DEFAULT '' NOT NULL;
ALTER TABLE "add_not_null_order" ALTER COLUMN "note" DROP DEFAULT;
COMMIT;
