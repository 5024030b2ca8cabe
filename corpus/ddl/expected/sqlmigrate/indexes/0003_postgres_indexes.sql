BEGIN;
--
-- Create index gin_art_tags on field(s) tags of model article
--
CREATE INDEX "gin_art_tags" ON "indexes_article" USING gin ("tags");
--
-- Create index gin_art_meta_path on field(s) meta of model article
--
CREATE INDEX "gin_art_meta_path" ON "indexes_article" USING gin ("meta" jsonb_path_ops);
--
-- Create index gin_art_attrs on field(s) attrs of model article
--
CREATE INDEX "gin_art_attrs" ON "indexes_article" USING gin ("attrs") WITH (fastupdate = off);
--
-- Create index gin_art_title_trgm on OpClass(Upper(F(title)), name=gin_trgm_ops) on model article
--
CREATE INDEX "gin_art_title_trgm" ON "indexes_article" USING gin ((UPPER("title")) gin_trgm_ops) WITH (gin_pending_list_limit = 2048);
--
-- Create index gin_art_body_fts on SearchVector(F(body)) on model article
--
CREATE INDEX "gin_art_body_fts" ON "indexes_article" USING gin ((to_tsvector('english'::regconfig, COALESCE("body", ''))));
--
-- Create index gist_bkg_span on field(s) span of model booking
--
CREATE INDEX "gist_bkg_span" ON "indexes_booking" USING gist ("span") WITH (buffering = on, fillfactor = 80);
--
-- Create index gist_art_title_trgm on field(s) title of model article
--
CREATE INDEX "gist_art_title_trgm" ON "indexes_article" USING gist ("title" gist_trgm_ops);
--
-- Create index brin_art_published on field(s) published of model article
--
CREATE INDEX "brin_art_published" ON "indexes_article" USING brin ("published") WITH (autosummarize = on, pages_per_range = 32);
--
-- Create index btree_art_status on field(s) status of model article
--
CREATE INDEX "btree_art_status" ON "indexes_article" USING btree ("status") WITH (fillfactor = 70, deduplicate_items = off);
--
-- Create index hash_art_slug on field(s) slug of model article
--
CREATE INDEX "hash_art_slug" ON "indexes_article" USING hash ("slug") WITH (fillfactor = 60);
--
-- Create index spgist_bkg_days on field(s) days of model booking
--
CREATE INDEX "spgist_bkg_days" ON "indexes_booking" USING spgist ("days");
--
-- Create index spgist_bkg_guest on field(s) guest of model booking
--
CREATE INDEX "spgist_bkg_guest" ON "indexes_booking" USING spgist ("guest") WITH (fillfactor = 90);
--
-- Create index bloom_art_rating_views on field(s) rating, views of model article
--
CREATE INDEX "bloom_art_rating_views" ON "indexes_article" USING bloom ("rating", "views") WITH (length = 80, col1 = 4, col2 = 2);
COMMIT;
