BEGIN;
--
-- Add field description to product
--
ALTER TABLE "catalog_product" ADD COLUMN "description" text DEFAULT '' NOT NULL;
ALTER TABLE "catalog_product" ALTER COLUMN "description" DROP DEFAULT;
COMMIT;
