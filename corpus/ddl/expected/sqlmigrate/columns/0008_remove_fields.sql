BEGIN;
--
-- Remove field add_blank from scalars
--
ALTER TABLE "columns_scalars" DROP COLUMN "add_blank" CASCADE;
--
-- Remove field add_unique from scalars
--
ALTER TABLE "columns_scalars" DROP COLUMN "add_unique" CASCADE;
--
-- Remove field add_fk from scalars
--
SET CONSTRAINTS "columns_scalars_add_fk_id_23ad3894_fk_columns_options_code" IMMEDIATE; ALTER TABLE "columns_scalars" DROP CONSTRAINT "columns_scalars_add_fk_id_23ad3894_fk_columns_options_code";
ALTER TABLE "columns_scalars" DROP COLUMN "add_fk_id" CASCADE;
--
-- Remove field add_m2m from scalars
--
DROP TABLE "columns_scalars_add_m2m" CASCADE;
COMMIT;
