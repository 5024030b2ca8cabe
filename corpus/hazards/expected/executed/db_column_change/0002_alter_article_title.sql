-- migguard:executed db_column_change.0002_alter_article_title atomic=true
-- migguard:statement 1
ALTER TABLE "db_column_change_article" RENAME COLUMN "title" TO "headline";
