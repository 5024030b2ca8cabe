-- migguard:executed custom.0002_custom_field_changes atomic=true
-- migguard:statement 1
ALTER TABLE "custom_product" ADD COLUMN "labels" jsonb DEFAULT '[]'::jsonb NOT NULL;
-- migguard:statement 2
ALTER TABLE "custom_product" ALTER COLUMN "labels" DROP DEFAULT;
-- migguard:statement 3
ALTER TABLE "custom_product" ADD COLUMN "discount" numeric(14, 2) DEFAULT 0.00 NOT NULL;
-- migguard:statement 4
ALTER TABLE "custom_product" ALTER COLUMN "discount" DROP DEFAULT;
-- migguard:statement 5
ALTER TABLE "custom_product" ADD COLUMN "region" varchar(2) DEFAULT 'EU' NOT NULL;
-- migguard:statement 6
ALTER TABLE "custom_product" ALTER COLUMN "region" DROP DEFAULT;
-- migguard:statement 7
ALTER TABLE "custom_product" ALTER COLUMN "code" TYPE varchar(20);
-- migguard:statement 8
CREATE INDEX "custom_product_region_75b0e890" ON "custom_product" ("region");
-- migguard:statement 9
CREATE INDEX "custom_product_region_75b0e890_like" ON "custom_product" ("region" varchar_pattern_ops);
