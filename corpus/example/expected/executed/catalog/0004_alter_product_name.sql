-- migguard:executed catalog.0004_alter_product_name atomic=true
-- migguard:statement 1
ALTER TABLE "catalog_product" ALTER COLUMN "name" TYPE varchar(200);
