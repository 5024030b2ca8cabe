-- migguard:executed run_python_with_schema.0002_article_slug atomic=true
-- migguard:note operation 2 is RunPython: its Python code ran; only SQL it sent through the schema editor is captured, not its ORM queries
-- migguard:statement 1
ALTER TABLE "run_python_with_schema_article" ADD COLUMN "slug" varchar(20) NULL;
