BEGIN;
--
-- Alter field product on variant
--
-- (no-op)
--
-- Alter field product on variant
--
SET CONSTRAINTS "custom_variant_product_id_8b96c208_fk_custom_product_id" IMMEDIATE; ALTER TABLE "custom_variant" DROP CONSTRAINT "custom_variant_product_id_8b96c208_fk_custom_product_id";
ALTER TABLE "custom_variant" ADD CONSTRAINT "custom_variant_product_id_8b96c208_fk_custom_product_id" FOREIGN KEY ("product_id") REFERENCES "custom_product" ("id") DEFERRABLE INITIALLY DEFERRED;
COMMIT;
