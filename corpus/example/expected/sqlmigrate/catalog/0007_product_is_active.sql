BEGIN;
--
-- Add field is_active to product
--
ALTER TABLE "catalog_product" ADD COLUMN "is_active" boolean DEFAULT true NOT NULL;
ALTER TABLE "catalog_product" ALTER COLUMN "is_active" DROP DEFAULT;
COMMIT;
