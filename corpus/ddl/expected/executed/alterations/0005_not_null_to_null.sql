-- migguard:executed alterations.0005_not_null_to_null atomic=true
-- migguard:statement 1
ALTER TABLE "alterations_subject" ALTER COLUMN "required_to_nullable" DROP NOT NULL;
