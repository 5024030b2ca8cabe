BEGIN;
--
-- Create constraint ck_art_rating_range on model article
--
ALTER TABLE "indexes_article" ADD CONSTRAINT "ck_art_rating_range" CHECK (("rating" >= 0 AND "rating" <= 5));
--
-- Create constraint ck_art_status_in on model article
--
ALTER TABLE "indexes_article" ADD CONSTRAINT "ck_art_status_in" CHECK ("status" IN ('draft', 'live', 'archived'));
--
-- Create constraint ck_art_published_or_live on model article
--
ALTER TABLE "indexes_article" ADD CONSTRAINT "ck_art_published_or_live" CHECK (("published" IS NULL OR "status" = 'live'));
--
-- Create constraint ck_art_price_positive on model article
--
ALTER TABLE "indexes_article" ADD CONSTRAINT "ck_art_price_positive" CHECK (("price" > 0 OR ("price" = 0 AND "status" = 'draft')));
--
-- Create constraint ck_art_views_range on model article
--
ALTER TABLE "indexes_article" ADD CONSTRAINT "ck_art_views_range" CHECK ("views" BETWEEN 0 AND 1000000000);
--
-- Create constraint ck_art_slug_shape on model article
--
ALTER TABLE "indexes_article" ADD CONSTRAINT "ck_art_slug_shape" CHECK ((NOT ("slug"::text LIKE '-%') AND NOT ("slug"::text LIKE '%-') AND NOT ("title"::text LIKE '%  %')));
--
-- Create constraint ck_art_status_code on model article
--
ALTER TABLE "indexes_article" ADD CONSTRAINT "ck_art_status_code" CHECK ((NOT (UPPER("status"::text) = UPPER('DELETED')) AND "code"::text ~ '^[A-Z0-9-]*$'));
--
-- Create constraint ck_art_rating_le_views on model article
--
ALTER TABLE "indexes_article" ADD CONSTRAINT "ck_art_rating_le_views" CHECK (("rating" <= ("views") AND "price" < 1000));
--
-- Create constraint ck_art_published_year on model article
--
ALTER TABLE "indexes_article" ADD CONSTRAINT "ck_art_published_year" CHECK (("published" >= '2000-01-01 00:00:00+00:00'::timestamptz OR "published" IS NULL));
--
-- Create constraint ck_bkg_ends_after_starts on model booking
--
ALTER TABLE "indexes_booking" ADD CONSTRAINT "ck_bkg_ends_after_starts" CHECK ("ends" > ("starts"));
--
-- Create constraint ck_bkg_room_bounds on model booking
--
ALTER TABLE "indexes_booking" ADD CONSTRAINT "ck_bkg_room_bounds" CHECK (("room" > 0 AND "room" < 10000));
COMMIT;
