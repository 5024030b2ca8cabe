BEGIN;
--
-- Alter field id on product
--
SET CONSTRAINTS "catalog_product_tags_product_id_293d7e82_fk_catalog_product_id" IMMEDIATE; ALTER TABLE "catalog_product_tags" DROP CONSTRAINT "catalog_product_tags_product_id_293d7e82_fk_catalog_product_id";
ALTER TABLE "catalog_product" ALTER COLUMN "id" TYPE bigint USING "id"::bigint;
ALTER SEQUENCE IF EXISTS "catalog_product_id_seq" AS bigint;
ALTER TABLE "catalog_product_tags" ALTER COLUMN "product_id" TYPE bigint USING "product_id"::bigint;
ALTER TABLE "catalog_product_tags" ADD CONSTRAINT "catalog_product_tags_product_id_293d7e82_fk" FOREIGN KEY ("product_id") REFERENCES "catalog_product" ("id") DEFERRABLE INITIALLY DEFERRED;
COMMIT;
