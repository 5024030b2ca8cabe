-- migguard:executed varchar_to_text.0002_alter_article_title atomic=true
-- migguard:statement 1
ALTER TABLE "varchar_to_text_article" ALTER COLUMN "title" TYPE text USING "title"::text;
