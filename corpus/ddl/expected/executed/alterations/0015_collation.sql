-- migguard:executed alterations.0015_collation atomic=true
-- migguard:statement 1
ALTER TABLE "alterations_subject" ALTER COLUMN "recollated" TYPE varchar(30) COLLATE "case_insensitive";
