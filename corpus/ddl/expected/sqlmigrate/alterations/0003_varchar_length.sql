BEGIN;
--
-- Alter field widen on subject
--
ALTER TABLE "alterations_subject" ALTER COLUMN "widen" TYPE varchar(200);
--
-- Alter field narrow on subject
--
ALTER TABLE "alterations_subject" ALTER COLUMN "narrow" TYPE varchar(40);
--
-- Alter field char_to_text on subject
--
ALTER TABLE "alterations_subject" ALTER COLUMN "char_to_text" TYPE text USING "char_to_text"::text;
COMMIT;
