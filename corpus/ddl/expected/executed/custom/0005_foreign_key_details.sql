-- migguard:executed custom.0005_foreign_key_details atomic=true
-- migguard:statement 1
SET CONSTRAINTS "custom_variant_product_id_8b96c208_fk_custom_product_id" IMMEDIATE; ALTER TABLE "custom_variant" DROP CONSTRAINT "custom_variant_product_id_8b96c208_fk_custom_product_id";
-- migguard:statement 2
ALTER TABLE "custom_variant" ADD CONSTRAINT "custom_variant_product_id_8b96c208_fk_custom_product_id" FOREIGN KEY ("product_id") REFERENCES "custom_product" ("id") DEFERRABLE INITIALLY DEFERRED;
