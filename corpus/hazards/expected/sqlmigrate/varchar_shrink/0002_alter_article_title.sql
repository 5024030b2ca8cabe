BEGIN;
--
-- Alter field title on article
--
ALTER TABLE "varchar_shrink_article" ALTER COLUMN "title" TYPE varchar(20);
COMMIT;
