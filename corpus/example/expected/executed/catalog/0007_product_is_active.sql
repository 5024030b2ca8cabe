-- migguard:executed catalog.0007_product_is_active atomic=true
-- migguard:statement 1
ALTER TABLE "catalog_product" ADD COLUMN "is_active" boolean DEFAULT true NOT NULL;
-- migguard:statement 2
ALTER TABLE "catalog_product" ALTER COLUMN "is_active" DROP DEFAULT;
