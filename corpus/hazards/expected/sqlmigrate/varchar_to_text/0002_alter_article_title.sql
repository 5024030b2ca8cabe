BEGIN;
--
-- Alter field title on article
--
ALTER TABLE "varchar_to_text_article" ALTER COLUMN "title" TYPE text USING "title"::text;
COMMIT;
