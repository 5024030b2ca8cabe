BEGIN;
--
-- Alter field nullable_to_required on subject
--
ALTER TABLE "alterations_subject" ALTER COLUMN "nullable_to_required" SET DEFAULT 0;
UPDATE "alterations_subject" SET "nullable_to_required" = 0 WHERE "nullable_to_required" IS NULL; SET CONSTRAINTS ALL IMMEDIATE;
ALTER TABLE "alterations_subject" ALTER COLUMN "nullable_to_required" SET NOT NULL;
ALTER TABLE "alterations_subject" ALTER COLUMN "nullable_to_required" DROP DEFAULT;
--
-- Alter field nullable_to_required_nodefault on subject
--
ALTER TABLE "alterations_subject" ALTER COLUMN "nullable_to_required_nodefault" SET NOT NULL;
COMMIT;
