-- migguard:executed catalog.0006_alter_product_id atomic=true
-- migguard:statement 1
SET CONSTRAINTS "catalog_product_tags_product_id_293d7e82_fk_catalog_product_id" IMMEDIATE; ALTER TABLE "catalog_product_tags" DROP CONSTRAINT "catalog_product_tags_product_id_293d7e82_fk_catalog_product_id";
-- migguard:statement 2
ALTER TABLE "catalog_product" ALTER COLUMN "id" TYPE bigint USING "id"::bigint;
-- migguard:statement 3
ALTER SEQUENCE IF EXISTS "catalog_product_id_seq" AS bigint;
-- migguard:statement 4
ALTER TABLE "catalog_product_tags" ALTER COLUMN "product_id" TYPE bigint USING "product_id"::bigint;
-- migguard:statement 5
ALTER TABLE "catalog_product_tags" ADD CONSTRAINT "catalog_product_tags_product_id_293d7e82_fk" FOREIGN KEY ("product_id") REFERENCES "catalog_product" ("id") DEFERRABLE INITIALLY DEFERRED;
