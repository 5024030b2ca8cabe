-- migguard:executed ledger.0005_entry_mode atomic=true
-- migguard:statement 1
ALTER TABLE "ledger_entry" ADD COLUMN "mode" varchar(8) DEFAULT 'live' NOT NULL;
-- migguard:statement 2
ALTER TABLE "ledger_entry" ALTER COLUMN "mode" DROP DEFAULT;
