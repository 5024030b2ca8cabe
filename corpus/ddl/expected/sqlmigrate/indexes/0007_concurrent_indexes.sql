--
-- Concurrently create index idx_art_views_conc on field(s) views of model article
--
CREATE INDEX CONCURRENTLY "idx_art_views_conc" ON "indexes_article" ("views");
--
-- Concurrently create index idx_bkg_active_conc on field(s) starts of model booking
--
CREATE INDEX CONCURRENTLY "idx_bkg_active_conc" ON "indexes_booking" ("starts") WHERE NOT "cancelled";
--
-- Concurrently remove index idx_art_rating_incl from article
--
DROP INDEX CONCURRENTLY IF EXISTS "idx_art_rating_incl";
