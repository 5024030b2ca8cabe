BEGIN;
--
-- Remove field readers from book
--
DROP TABLE "relations_book_readers" CASCADE;
--
-- Remove field reviewers from book
--
-- (no-op)
--
-- Remove field publisher_link from book
--
-- (no-op)
--
-- Remove field legacy_publisher from book
--
ALTER TABLE "relations_book" DROP COLUMN "legacy_publisher_id" CASCADE;
COMMIT;
