BEGIN;
--
-- Alter field required_to_nullable on subject
--
ALTER TABLE "alterations_subject" ALTER COLUMN "required_to_nullable" DROP NOT NULL;
COMMIT;
