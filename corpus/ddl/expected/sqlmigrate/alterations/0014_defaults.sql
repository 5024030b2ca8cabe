BEGIN;
--
-- Alter field gets_default on subject
--
-- (no-op)
--
-- Alter field loses_default on subject
--
-- (no-op)
--
-- Alter field gets_db_default on subject
--
ALTER TABLE "alterations_subject" ALTER COLUMN "gets_db_default" SET DEFAULT 0;
--
-- Alter field changes_db_default on subject
--
ALTER TABLE "alterations_subject" ALTER COLUMN "changes_db_default" SET DEFAULT 'new';
--
-- Alter field loses_db_default on subject
--
ALTER TABLE "alterations_subject" ALTER COLUMN "loses_db_default" DROP DEFAULT;
COMMIT;
