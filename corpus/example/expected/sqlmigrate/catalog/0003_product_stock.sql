BEGIN;
--
-- Add field stock to product
--
ALTER TABLE "catalog_product" ADD COLUMN "stock" integer DEFAULT 0 NOT NULL CHECK ("stock" >= 0);
ALTER TABLE "catalog_product" ALTER COLUMN "stock" DROP DEFAULT;
COMMIT;
