BEGIN;
--
-- Add field mode to entry
--
ALTER TABLE "ledger_entry" ADD COLUMN "mode" varchar(8) DEFAULT 'live' NOT NULL;
ALTER TABLE "ledger_entry" ALTER COLUMN "mode" DROP DEFAULT;
COMMIT;
