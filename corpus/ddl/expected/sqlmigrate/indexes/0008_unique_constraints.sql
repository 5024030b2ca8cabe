BEGIN;
--
-- Create constraint uq_art_slug on model article
--
ALTER TABLE "indexes_article" ADD CONSTRAINT "uq_art_slug" UNIQUE ("slug");
--
-- Create constraint uq_art_live_title on model article
--
CREATE UNIQUE INDEX "uq_art_live_title" ON "indexes_article" ("title") WHERE "status" = 'live';
--
-- Create constraint uq_art_lower_title_status on model article
--
CREATE UNIQUE INDEX "uq_art_lower_title_status" ON "indexes_article" ((LOWER("title")), "status");
--
-- Create constraint uq_art_code_deferred on model article
--
ALTER TABLE "indexes_article" ADD CONSTRAINT "uq_art_code_deferred" UNIQUE ("code") DEFERRABLE INITIALLY DEFERRED;
--
-- Create constraint uq_bkg_room_starts_imm on model booking
--
ALTER TABLE "indexes_booking" ADD CONSTRAINT "uq_bkg_room_starts_imm" UNIQUE ("room", "starts") DEFERRABLE INITIALLY IMMEDIATE;
--
-- Create constraint uq_art_title_pub_incl on model article
--
CREATE UNIQUE INDEX "uq_art_title_pub_incl" ON "indexes_article" ("title", "published") INCLUDE ("rating");
--
-- Create constraint uq_art_slug_status_ops on model article
--
CREATE UNIQUE INDEX "uq_art_slug_status_ops" ON "indexes_article" ("slug" varchar_pattern_ops, "status" text_pattern_ops);
--
-- Create constraint uq_art_code_pub_nnd on model article
--
ALTER TABLE "indexes_article" ADD CONSTRAINT "uq_art_code_pub_nnd" UNIQUE NULLS NOT DISTINCT ("code", "published");
COMMIT;
