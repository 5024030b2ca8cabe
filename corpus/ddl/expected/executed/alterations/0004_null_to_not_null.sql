-- migguard:executed alterations.0004_null_to_not_null atomic=true
-- migguard:statement 1
ALTER TABLE "alterations_subject" ALTER COLUMN "nullable_to_required" SET DEFAULT 0;
-- migguard:statement 2
UPDATE "alterations_subject" SET "nullable_to_required" = 0 WHERE "nullable_to_required" IS NULL; SET CONSTRAINTS ALL IMMEDIATE;
-- migguard:statement 3
ALTER TABLE "alterations_subject" ALTER COLUMN "nullable_to_required" SET NOT NULL;
-- migguard:statement 4
ALTER TABLE "alterations_subject" ALTER COLUMN "nullable_to_required" DROP DEFAULT;
-- migguard:statement 5
ALTER TABLE "alterations_subject" ALTER COLUMN "nullable_to_required_nodefault" SET NOT NULL;
