BEGIN;
--
-- Remove index idx_art_slug from article
--
DROP INDEX IF EXISTS "idx_art_slug";
--
-- Remove index idx_art_live_partial from article
--
DROP INDEX IF EXISTS "idx_art_live_partial";
--
-- Remove index idx_art_lower_title from article
--
DROP INDEX IF EXISTS "idx_art_lower_title";
--
-- Remove index hash_art_slug from article
--
DROP INDEX IF EXISTS "hash_art_slug";
COMMIT;
