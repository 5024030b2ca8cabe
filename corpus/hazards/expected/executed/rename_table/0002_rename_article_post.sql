-- migguard:executed rename_table.0002_rename_article_post atomic=true
-- migguard:statement 1
ALTER TABLE "rename_table_article" RENAME TO "rename_table_post";
