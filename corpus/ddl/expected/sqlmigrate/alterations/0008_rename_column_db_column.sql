BEGIN;
--
-- Alter field column_renamed on subject
--
ALTER TABLE "alterations_subject" RENAME COLUMN "column_renamed" TO "renamed_col";
COMMIT;
