BEGIN;
--
-- Remove field subtitle from article
--
ALTER TABLE "drop_column_article" DROP COLUMN "subtitle" CASCADE;
COMMIT;
