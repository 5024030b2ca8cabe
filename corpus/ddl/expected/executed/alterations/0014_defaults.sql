-- migguard:executed alterations.0014_defaults atomic=true
-- migguard:statement 1
ALTER TABLE "alterations_subject" ALTER COLUMN "gets_db_default" SET DEFAULT 0;
-- migguard:statement 2
ALTER TABLE "alterations_subject" ALTER COLUMN "changes_db_default" SET DEFAULT 'new';
-- migguard:statement 3
ALTER TABLE "alterations_subject" ALTER COLUMN "loses_db_default" DROP DEFAULT;
