BEGIN;
--
-- Change Meta options on category
--
-- (no-op)
--
-- Add field position to category
--
ALTER TABLE "catalog_category" ADD COLUMN "position" smallint DEFAULT 0 NOT NULL CHECK ("position" >= 0);
ALTER TABLE "catalog_category" ALTER COLUMN "position" DROP DEFAULT;
COMMIT;
