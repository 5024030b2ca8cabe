BEGIN;
--
-- Alter field recollated on subject
--
ALTER TABLE "alterations_subject" ALTER COLUMN "recollated" TYPE varchar(30) COLLATE "case_insensitive";
COMMIT;
