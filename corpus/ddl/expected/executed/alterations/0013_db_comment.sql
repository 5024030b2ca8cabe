-- migguard:executed alterations.0013_db_comment atomic=true
-- migguard:statement 1
ALTER TABLE "alterations_subject" ALTER COLUMN "commented" TYPE integer;
-- migguard:statement 2
COMMENT ON COLUMN "alterations_subject"."commented" IS 'first comment';
-- migguard:statement 3
ALTER TABLE "alterations_subject" ALTER COLUMN "commented" TYPE integer;
-- migguard:statement 4
COMMENT ON COLUMN "alterations_subject"."commented" IS 'Second comment, with a quote: it''s here';
-- migguard:statement 5
ALTER TABLE "alterations_subject" ALTER COLUMN "commented" TYPE integer;
-- migguard:statement 6
COMMENT ON COLUMN "alterations_subject"."commented" IS '';
