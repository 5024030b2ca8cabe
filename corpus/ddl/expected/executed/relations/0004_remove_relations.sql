-- migguard:executed relations.0004_remove_relations atomic=true
-- migguard:statement 1
DROP TABLE "relations_book_readers" CASCADE;
-- migguard:statement 2
ALTER TABLE "relations_book" DROP COLUMN "legacy_publisher_id" CASCADE;
