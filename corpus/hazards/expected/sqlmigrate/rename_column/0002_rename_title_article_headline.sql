BEGIN;
--
-- Rename field title on article to headline
--
ALTER TABLE "rename_column_article" RENAME COLUMN "title" TO "headline";
COMMIT;
