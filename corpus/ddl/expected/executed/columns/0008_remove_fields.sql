-- migguard:executed columns.0008_remove_fields atomic=true
-- migguard:statement 1
ALTER TABLE "columns_scalars" DROP COLUMN "add_blank" CASCADE;
-- migguard:statement 2
ALTER TABLE "columns_scalars" DROP COLUMN "add_unique" CASCADE;
-- migguard:statement 3
SET CONSTRAINTS "columns_scalars_add_fk_id_23ad3894_fk_columns_options_code" IMMEDIATE; ALTER TABLE "columns_scalars" DROP CONSTRAINT "columns_scalars_add_fk_id_23ad3894_fk_columns_options_code";
-- migguard:statement 4
ALTER TABLE "columns_scalars" DROP COLUMN "add_fk_id" CASCADE;
-- migguard:statement 5
DROP TABLE "columns_scalars_add_m2m" CASCADE;
