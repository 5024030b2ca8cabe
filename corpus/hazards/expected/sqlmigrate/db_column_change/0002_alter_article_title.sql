BEGIN;
--
-- Alter field title on article
--
ALTER TABLE "db_column_change_article" RENAME COLUMN "title" TO "headline";
COMMIT;
