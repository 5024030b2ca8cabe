BEGIN;
--
-- Alter field commented on subject
--
ALTER TABLE "alterations_subject" ALTER COLUMN "commented" TYPE integer;
COMMENT ON COLUMN "alterations_subject"."commented" IS 'first comment';
--
-- Alter field commented on subject
--
ALTER TABLE "alterations_subject" ALTER COLUMN "commented" TYPE integer;
COMMENT ON COLUMN "alterations_subject"."commented" IS 'Second comment, with a quote: it''s here';
--
-- Alter field commented on subject
--
ALTER TABLE "alterations_subject" ALTER COLUMN "commented" TYPE integer;
COMMENT ON COLUMN "alterations_subject"."commented" IS '';
COMMIT;
