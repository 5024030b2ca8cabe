-- migguard:executed indexes.0008_unique_constraints atomic=true
-- migguard:statement 1
ALTER TABLE "indexes_article" ADD CONSTRAINT "uq_art_slug" UNIQUE ("slug");
-- migguard:statement 2
CREATE UNIQUE INDEX "uq_art_live_title" ON "indexes_article" ("title") WHERE "status" = 'live';
-- migguard:statement 3
CREATE UNIQUE INDEX "uq_art_lower_title_status" ON "indexes_article" ((LOWER("title")), "status");
-- migguard:statement 4
ALTER TABLE "indexes_article" ADD CONSTRAINT "uq_art_code_deferred" UNIQUE ("code") DEFERRABLE INITIALLY DEFERRED;
-- migguard:statement 5
ALTER TABLE "indexes_booking" ADD CONSTRAINT "uq_bkg_room_starts_imm" UNIQUE ("room", "starts") DEFERRABLE INITIALLY IMMEDIATE;
-- migguard:statement 6
CREATE UNIQUE INDEX "uq_art_title_pub_incl" ON "indexes_article" ("title", "published") INCLUDE ("rating");
-- migguard:statement 7
CREATE UNIQUE INDEX "uq_art_slug_status_ops" ON "indexes_article" ("slug" varchar_pattern_ops, "status" text_pattern_ops);
-- migguard:statement 8
ALTER TABLE "indexes_article" ADD CONSTRAINT "uq_art_code_pub_nnd" UNIQUE NULLS NOT DISTINCT ("code", "published");
