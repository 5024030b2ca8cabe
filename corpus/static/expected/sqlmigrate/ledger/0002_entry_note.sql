BEGIN;
--
-- Add field note to entry
--
ALTER TABLE "ledger_entry" ADD COLUMN "note" text NULL;
COMMIT;
