-- migguard:executed remove_index.0002_remove_event_remove_index_score_idx atomic=true
-- migguard:statement 1
DROP INDEX IF EXISTS "remove_index_score_idx";
