BEGIN;
--
-- Raw SQL operation
--
UPDATE run_sql_update_all_article SET title = trim(title);
COMMIT;
