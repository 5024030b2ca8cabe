-- migguard:executed catalog.0005_product_catalog_product_name_idx atomic=true
-- migguard:statement 1
CREATE INDEX "catalog_product_name_idx" ON "catalog_product" ("name");
