-- migguard:executed indexes.0011_remove_constraints atomic=true
-- migguard:statement 1
ALTER TABLE "indexes_article" DROP CONSTRAINT "uq_art_slug";
-- migguard:statement 2
DROP INDEX IF EXISTS "uq_art_live_title";
-- migguard:statement 3
DROP INDEX IF EXISTS "uq_art_lower_title_status";
-- migguard:statement 4
ALTER TABLE "indexes_article" DROP CONSTRAINT "ck_art_views_range";
-- migguard:statement 5
ALTER TABLE "indexes_booking" DROP CONSTRAINT "ex_bkg_days_spgist";
