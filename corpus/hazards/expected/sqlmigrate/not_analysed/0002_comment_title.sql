BEGIN;
--
-- Comment on article.title
--
COMMENT ON COLUMN "not_analysed_article"."title" IS 'Shown as the page heading';
COMMIT;
