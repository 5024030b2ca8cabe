BEGIN;
--
-- Rename model Article to Post
--
ALTER TABLE "rename_table_article" RENAME TO "rename_table_post";
COMMIT;
