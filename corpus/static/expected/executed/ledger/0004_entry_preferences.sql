-- migguard:executed ledger.0004_entry_preferences atomic=true
-- migguard:statement 1
ALTER TABLE "ledger_entry" ADD COLUMN "secret" varchar(36) DEFAULT '00000000-0000-4000-8000-000000000001' NOT NULL;
-- migguard:statement 2
ALTER TABLE "ledger_entry" ALTER COLUMN "secret" DROP DEFAULT;
-- migguard:statement 3
ALTER TABLE "ledger_entry" ADD COLUMN "page_size" integer DEFAULT 25 NOT NULL;
-- migguard:statement 4
ALTER TABLE "ledger_entry" ALTER COLUMN "page_size" DROP DEFAULT;
-- migguard:statement 5
ALTER TABLE "ledger_entry" ADD COLUMN "notify" boolean DEFAULT true NOT NULL;
-- migguard:statement 6
ALTER TABLE "ledger_entry" ALTER COLUMN "notify" DROP DEFAULT;
-- migguard:statement 7
ALTER TABLE "ledger_entry" ADD COLUMN "layout" varchar(8) DEFAULT 'rows' NOT NULL;
-- migguard:statement 8
ALTER TABLE "ledger_entry" ALTER COLUMN "layout" DROP DEFAULT;
