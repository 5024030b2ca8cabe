-- migguard:executed alter_model_table.0002_alter_article_table atomic=true
-- migguard:statement 1
ALTER TABLE "alter_model_table_article" RENAME TO "legacy_articles";
