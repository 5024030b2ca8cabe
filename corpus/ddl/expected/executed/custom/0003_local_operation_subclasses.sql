-- migguard:executed custom.0003_local_operation_subclasses atomic=true
-- migguard:statement 1
DROP INDEX IF EXISTS "custom_prod_name_idx";
-- migguard:statement 2
CREATE INDEX "custom_prod_country_code_idx" ON "custom_product" ("country", "code");
