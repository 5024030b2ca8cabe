-- migguard:executed indexes.0003_postgres_indexes atomic=true
-- migguard:statement 1
CREATE INDEX "gin_art_tags" ON "indexes_article" USING gin ("tags");
-- migguard:statement 2
CREATE INDEX "gin_art_meta_path" ON "indexes_article" USING gin ("meta" jsonb_path_ops);
-- migguard:statement 3
CREATE INDEX "gin_art_attrs" ON "indexes_article" USING gin ("attrs") WITH (fastupdate = off);
-- migguard:statement 4
CREATE INDEX "gin_art_title_trgm" ON "indexes_article" USING gin ((UPPER("title")) gin_trgm_ops) WITH (gin_pending_list_limit = 2048);
-- migguard:statement 5
CREATE INDEX "gin_art_body_fts" ON "indexes_article" USING gin ((to_tsvector('english'::regconfig, COALESCE("body", ''))));
-- migguard:statement 6
CREATE INDEX "gist_bkg_span" ON "indexes_booking" USING gist ("span") WITH (buffering = on, fillfactor = 80);
-- migguard:statement 7
CREATE INDEX "gist_art_title_trgm" ON "indexes_article" USING gist ("title" gist_trgm_ops);
-- migguard:statement 8
CREATE INDEX "brin_art_published" ON "indexes_article" USING brin ("published") WITH (autosummarize = on, pages_per_range = 32);
-- migguard:statement 9
CREATE INDEX "btree_art_status" ON "indexes_article" USING btree ("status") WITH (fillfactor = 70, deduplicate_items = off);
-- migguard:statement 10
CREATE INDEX "hash_art_slug" ON "indexes_article" USING hash ("slug") WITH (fillfactor = 60);
-- migguard:statement 11
CREATE INDEX "spgist_bkg_days" ON "indexes_booking" USING spgist ("days");
-- migguard:statement 12
CREATE INDEX "spgist_bkg_guest" ON "indexes_booking" USING spgist ("guest") WITH (fillfactor = 90);
-- migguard:statement 13
CREATE INDEX "bloom_art_rating_views" ON "indexes_article" USING bloom ("rating", "views") WITH (length = 80, col1 = 4, col2 = 2);
