BEGIN;
--
-- Remove field tags from article
--
DROP TABLE "drop_m2m_article_tags" CASCADE;
COMMIT;
