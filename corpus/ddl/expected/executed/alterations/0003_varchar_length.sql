-- migguard:executed alterations.0003_varchar_length atomic=true
-- migguard:statement 1
ALTER TABLE "alterations_subject" ALTER COLUMN "widen" TYPE varchar(200);
-- migguard:statement 2
ALTER TABLE "alterations_subject" ALTER COLUMN "narrow" TYPE varchar(40);
-- migguard:statement 3
ALTER TABLE "alterations_subject" ALTER COLUMN "char_to_text" TYPE text USING "char_to_text"::text;
