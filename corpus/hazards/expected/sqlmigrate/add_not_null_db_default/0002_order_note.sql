BEGIN;
--
-- Add field note to order
--
ALTER TABLE "add_not_null_db_default_order" ADD COLUMN "note" varchar(20) DEFAULT '' NOT NULL;
COMMIT;
