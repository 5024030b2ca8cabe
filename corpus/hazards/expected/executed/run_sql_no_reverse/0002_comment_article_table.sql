-- migguard:executed run_sql_no_reverse.0002_comment_article_table atomic=true
-- migguard:statement 1
COMMENT ON TABLE run_sql_no_reverse_article IS 'Articles shown on the front page';
