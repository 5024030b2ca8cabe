BEGIN;
--
-- Alter field title on article
--
ALTER TABLE "varchar_widen_article" ALTER COLUMN "title" TYPE varchar(50);
COMMIT;
