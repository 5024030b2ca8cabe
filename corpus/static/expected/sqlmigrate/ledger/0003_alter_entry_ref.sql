BEGIN;
--
-- Alter field ref on entry
--
ALTER TABLE "ledger_entry" ALTER COLUMN "ref" TYPE varchar(24);
COMMIT;
