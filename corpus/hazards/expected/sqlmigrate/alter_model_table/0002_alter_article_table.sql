BEGIN;
--
-- Rename table for article to legacy_articles
--
ALTER TABLE "alter_model_table_article" RENAME TO "legacy_articles";
COMMIT;
