BEGIN;
--
-- Alter field title on article
--
ALTER TABLE "set_not_null_article" ALTER COLUMN "title" SET NOT NULL;
COMMIT;
