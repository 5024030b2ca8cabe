-- migguard:executed indexes.0004_remove_indexes atomic=true
-- migguard:statement 1
DROP INDEX IF EXISTS "idx_art_slug";
-- migguard:statement 2
DROP INDEX IF EXISTS "idx_art_live_partial";
-- migguard:statement 3
DROP INDEX IF EXISTS "idx_art_lower_title";
-- migguard:statement 4
DROP INDEX IF EXISTS "hash_art_slug";
