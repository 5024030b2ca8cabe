BEGIN;
--
-- Add field slug to article
--
ALTER TABLE "run_python_with_schema_article" ADD COLUMN "slug" varchar(20) NULL;
--
-- Raw Python operation
--
-- THIS OPERATION CANNOT BE WRITTEN AS SQL
COMMIT;
