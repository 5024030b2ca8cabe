BEGIN;
--
-- Add field labels to product
--
ALTER TABLE "custom_product" ADD COLUMN "labels" jsonb DEFAULT '[]'::jsonb NOT NULL;
ALTER TABLE "custom_product" ALTER COLUMN "labels" DROP DEFAULT;
--
-- Add field discount to product
--
ALTER TABLE "custom_product" ADD COLUMN "discount" numeric(14, 2) DEFAULT 0.00 NOT NULL;
ALTER TABLE "custom_product" ALTER COLUMN "discount" DROP DEFAULT;
--
-- Add field region to product
--
ALTER TABLE "custom_product" ADD COLUMN "region" varchar(2) DEFAULT 'EU' NOT NULL;
ALTER TABLE "custom_product" ALTER COLUMN "region" DROP DEFAULT;
--
-- Alter field code on product
--
ALTER TABLE "custom_product" ALTER COLUMN "code" TYPE varchar(20);
CREATE INDEX "custom_product_region_75b0e890" ON "custom_product" ("region");
CREATE INDEX "custom_product_region_75b0e890_like" ON "custom_product" ("region" varchar_pattern_ops);
COMMIT;
