-- migguard:executed set_not_null.0002_alter_article_title atomic=true
-- migguard:statement 1
ALTER TABLE "set_not_null_article" ALTER COLUMN "title" SET NOT NULL;
