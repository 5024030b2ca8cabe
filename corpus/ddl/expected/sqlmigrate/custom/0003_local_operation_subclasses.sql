BEGIN;
--
-- Create index custom_prod_name_idx on field(s) name of model product
--
-- (no-op)
--
-- Remove index custom_prod_name_idx from product
--
DROP INDEX IF EXISTS "custom_prod_name_idx";
--
-- Create index custom_prod_country_code_idx on field(s) country, code of model product
--
CREATE INDEX "custom_prod_country_code_idx" ON "custom_product" ("country", "code");
COMMIT;
