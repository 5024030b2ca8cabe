-- migguard:executed varchar_widen.0002_alter_article_title atomic=true
-- migguard:statement 1
ALTER TABLE "varchar_widen_article" ALTER COLUMN "title" TYPE varchar(50);
