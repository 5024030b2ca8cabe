BEGIN;
--
-- Raw SQL operation
--
COMMENT ON TABLE run_sql_no_reverse_article IS 'Articles shown on the front page';
COMMIT;
