-- migguard:executed contenttypes.0002_remove_content_type_name atomic=true
-- migguard:note operation 3 is RunPython: its Python code ran; only SQL it sent through the schema editor is captured, not its ORM queries
-- migguard:statement 1
ALTER TABLE "django_content_type" ALTER COLUMN "name" DROP NOT NULL;
-- migguard:statement 2
ALTER TABLE "django_content_type" DROP COLUMN "name" CASCADE;
