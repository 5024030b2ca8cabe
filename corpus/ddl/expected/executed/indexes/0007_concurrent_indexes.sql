-- migguard:executed indexes.0007_concurrent_indexes atomic=false
-- migguard:statement 1
CREATE INDEX CONCURRENTLY "idx_art_views_conc" ON "indexes_article" ("views");
-- migguard:statement 2
CREATE INDEX CONCURRENTLY "idx_bkg_active_conc" ON "indexes_booking" ("starts") WHERE NOT "cancelled";
-- migguard:statement 3
DROP INDEX CONCURRENTLY IF EXISTS "idx_art_rating_incl";
