-- migguard:executed relations.0002_alter_book_tags_db_table atomic=true
-- migguard:statement 1
ALTER TABLE "relations_book_tag_map" RENAME TO "relations_book_tags_v2";
