-- migguard:executed catalog.0007_category_position atomic=true
-- migguard:statement 1
ALTER TABLE "catalog_category" ADD COLUMN "position" smallint DEFAULT 0 NOT NULL CHECK ("position" >= 0);
-- migguard:statement 2
ALTER TABLE "catalog_category" ALTER COLUMN "position" DROP DEFAULT;
