-- migguard:executed indexes.0009_check_constraints atomic=true
-- migguard:statement 1
ALTER TABLE "indexes_article" ADD CONSTRAINT "ck_art_rating_range" CHECK (("rating" >= 0 AND "rating" <= 5));
-- migguard:statement 2
ALTER TABLE "indexes_article" ADD CONSTRAINT "ck_art_status_in" CHECK ("status" IN ('draft', 'live', 'archived'));
-- migguard:statement 3
ALTER TABLE "indexes_article" ADD CONSTRAINT "ck_art_published_or_live" CHECK (("published" IS NULL OR "status" = 'live'));
-- migguard:statement 4
ALTER TABLE "indexes_article" ADD CONSTRAINT "ck_art_price_positive" CHECK (("price" > 0 OR ("price" = 0 AND "status" = 'draft')));
-- migguard:statement 5
ALTER TABLE "indexes_article" ADD CONSTRAINT "ck_art_views_range" CHECK ("views" BETWEEN 0 AND 1000000000);
-- migguard:statement 6
ALTER TABLE "indexes_article" ADD CONSTRAINT "ck_art_slug_shape" CHECK ((NOT ("slug"::text LIKE '-%') AND NOT ("slug"::text LIKE '%-') AND NOT ("title"::text LIKE '%  %')));
-- migguard:statement 7
ALTER TABLE "indexes_article" ADD CONSTRAINT "ck_art_status_code" CHECK ((NOT (UPPER("status"::text) = UPPER('DELETED')) AND "code"::text ~ '^[A-Z0-9-]*$'));
-- migguard:statement 8
ALTER TABLE "indexes_article" ADD CONSTRAINT "ck_art_rating_le_views" CHECK (("rating" <= ("views") AND "price" < 1000));
-- migguard:statement 9
ALTER TABLE "indexes_article" ADD CONSTRAINT "ck_art_published_year" CHECK (("published" >= '2000-01-01 00:00:00+00:00'::timestamptz OR "published" IS NULL));
-- migguard:statement 10
ALTER TABLE "indexes_booking" ADD CONSTRAINT "ck_bkg_ends_after_starts" CHECK ("ends" > ("starts"));
-- migguard:statement 11
ALTER TABLE "indexes_booking" ADD CONSTRAINT "ck_bkg_room_bounds" CHECK (("room" > 0 AND "room" < 10000));
