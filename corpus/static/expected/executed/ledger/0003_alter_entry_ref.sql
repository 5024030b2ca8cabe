-- migguard:executed ledger.0003_alter_entry_ref atomic=true
-- migguard:statement 1
ALTER TABLE "ledger_entry" ALTER COLUMN "ref" TYPE varchar(24);
