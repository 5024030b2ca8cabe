-- migguard:executed drop_column.0002_remove_article_subtitle atomic=true
-- migguard:statement 1
ALTER TABLE "drop_column_article" DROP COLUMN "subtitle" CASCADE;
