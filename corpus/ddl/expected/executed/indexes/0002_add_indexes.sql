-- migguard:executed indexes.0002_add_indexes atomic=true
-- migguard:statement 1
CREATE INDEX "idx_art_slug" ON "indexes_article" ("slug");
-- migguard:statement 2
CREATE INDEX "idx_art_status_pub" ON "indexes_article" ("status", "published" DESC);
-- migguard:statement 3
CREATE INDEX "idx_art_live_partial" ON "indexes_article" ("published") WHERE "status" = 'live';
-- migguard:statement 4
CREATE INDEX "idx_art_rating_incl" ON "indexes_article" ("rating") INCLUDE ("title", "views");
-- migguard:statement 5
CREATE INDEX "idx_art_code_ops" ON "indexes_article" ("code" varchar_pattern_ops);
-- migguard:statement 6
CREATE INDEX "idx_art_lower_title" ON "indexes_article" ((LOWER("title")));
-- migguard:statement 7
CREATE INDEX "idx_art_expr_mixed" ON "indexes_article" ((UPPER("slug")) DESC, "rating");
-- migguard:statement 8
CREATE INDEX "idx_art_expr_cond" ON "indexes_article" ("views" DESC NULLS LAST, (UPPER("code"))) WHERE "rating" > 0;
-- migguard:statement 9
CREATE INDEX "idx_art_meta_author" ON "indexes_article" ((("meta" -> 'author')));
-- migguard:statement 10
CREATE INDEX "idx_art_price_ts" ON "indexes_article" ("price") TABLESPACE "pg_default";
