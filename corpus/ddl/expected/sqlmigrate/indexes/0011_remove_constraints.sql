BEGIN;
--
-- Remove constraint uq_art_slug from model article
--
ALTER TABLE "indexes_article" DROP CONSTRAINT "uq_art_slug";
--
-- Remove constraint uq_art_live_title from model article
--
DROP INDEX IF EXISTS "uq_art_live_title";
--
-- Remove constraint uq_art_lower_title_status from model article
--
DROP INDEX IF EXISTS "uq_art_lower_title_status";
--
-- Remove constraint ck_art_views_range from model article
--
ALTER TABLE "indexes_article" DROP CONSTRAINT "ck_art_views_range";
--
-- Remove constraint ex_bkg_days_spgist from model booking
--
ALTER TABLE "indexes_booking" DROP CONSTRAINT "ex_bkg_days_spgist";
COMMIT;
