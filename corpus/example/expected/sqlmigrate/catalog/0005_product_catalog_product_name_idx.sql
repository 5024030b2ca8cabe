BEGIN;
--
-- Create index catalog_product_name_idx on field(s) name of model product
--
CREATE INDEX "catalog_product_name_idx" ON "catalog_product" ("name");
COMMIT;
