-- migguard:executed varchar_shrink.0002_alter_article_title atomic=true
-- migguard:statement 1
ALTER TABLE "varchar_shrink_article" ALTER COLUMN "title" TYPE varchar(20);
