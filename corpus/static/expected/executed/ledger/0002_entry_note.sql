-- migguard:executed ledger.0002_entry_note atomic=true
-- migguard:statement 1
ALTER TABLE "ledger_entry" ADD COLUMN "note" text NULL;
