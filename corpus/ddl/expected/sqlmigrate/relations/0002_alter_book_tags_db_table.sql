BEGIN;
--
-- Alter field tags on book
--
ALTER TABLE "relations_book_tag_map" RENAME TO "relations_book_tags_v2";
COMMIT;
