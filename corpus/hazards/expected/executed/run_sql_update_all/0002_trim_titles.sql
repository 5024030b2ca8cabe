-- migguard:executed run_sql_update_all.0002_trim_titles atomic=true
-- migguard:statement 1
UPDATE run_sql_update_all_article SET title = trim(title);
