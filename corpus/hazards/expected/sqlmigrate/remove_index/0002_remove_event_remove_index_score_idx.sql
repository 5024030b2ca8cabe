BEGIN;
--
-- Remove index remove_index_score_idx from event
--
DROP INDEX IF EXISTS "remove_index_score_idx";
COMMIT;
