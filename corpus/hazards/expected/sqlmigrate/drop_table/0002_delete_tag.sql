BEGIN;
--
-- Delete model Tag
--
DROP TABLE "drop_table_tag" CASCADE;
COMMIT;
