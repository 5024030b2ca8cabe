BEGIN;
--
-- Alter field name on product
--
ALTER TABLE "catalog_product" ALTER COLUMN "name" TYPE varchar(200);
COMMIT;
