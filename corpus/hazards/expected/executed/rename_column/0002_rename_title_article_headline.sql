-- migguard:executed rename_column.0002_rename_title_article_headline atomic=true
-- migguard:statement 1
ALTER TABLE "rename_column_article" RENAME COLUMN "title" TO "headline";
