BEGIN;
--
-- Create index idx_art_slug on field(s) slug of model article
--
CREATE INDEX "idx_art_slug" ON "indexes_article" ("slug");
--
-- Create index idx_art_status_pub on field(s) status, -published of model article
--
CREATE INDEX "idx_art_status_pub" ON "indexes_article" ("status", "published" DESC);
--
-- Create index idx_art_live_partial on field(s) published of model article
--
CREATE INDEX "idx_art_live_partial" ON "indexes_article" ("published") WHERE "status" = 'live';
--
-- Create index idx_art_rating_incl on field(s) rating of model article
--
CREATE INDEX "idx_art_rating_incl" ON "indexes_article" ("rating") INCLUDE ("title", "views");
--
-- Create index idx_art_code_ops on field(s) code of model article
--
CREATE INDEX "idx_art_code_ops" ON "indexes_article" ("code" varchar_pattern_ops);
--
-- Create index idx_art_lower_title on Lower(F(title)) on model article
--
CREATE INDEX "idx_art_lower_title" ON "indexes_article" ((LOWER("title")));
--
-- Create index idx_art_expr_mixed on OrderBy(Upper(F(slug)), descending=True), F(rating) on model article
--
CREATE INDEX "idx_art_expr_mixed" ON "indexes_article" ((UPPER("slug")) DESC, "rating");
--
-- Create index idx_art_expr_cond on OrderBy(F(views), descending=True), Upper(F(code)) on model article
--
CREATE INDEX "idx_art_expr_cond" ON "indexes_article" ("views" DESC NULLS LAST, (UPPER("code"))) WHERE "rating" > 0;
--
-- Create index idx_art_meta_author on F(meta__author) on model article
--
CREATE INDEX "idx_art_meta_author" ON "indexes_article" ((("meta" -> 'author')));
--
-- Create index idx_art_price_ts on field(s) price of model article
--
CREATE INDEX "idx_art_price_ts" ON "indexes_article" ("price") TABLESPACE "pg_default";
COMMIT;
