BEGIN;
--
-- Add field secret to entry
--
ALTER TABLE "ledger_entry" ADD COLUMN "secret" varchar(36) DEFAULT '00000000-0000-4000-8000-000000000001' NOT NULL;
ALTER TABLE "ledger_entry" ALTER COLUMN "secret" DROP DEFAULT;
--
-- Add field page_size to entry
--
ALTER TABLE "ledger_entry" ADD COLUMN "page_size" integer DEFAULT 25 NOT NULL;
ALTER TABLE "ledger_entry" ALTER COLUMN "page_size" DROP DEFAULT;
--
-- Add field notify to entry
--
ALTER TABLE "ledger_entry" ADD COLUMN "notify" boolean DEFAULT true NOT NULL;
ALTER TABLE "ledger_entry" ALTER COLUMN "notify" DROP DEFAULT;
--
-- Add field layout to entry
--
ALTER TABLE "ledger_entry" ADD COLUMN "layout" varchar(8) DEFAULT 'rows' NOT NULL;
ALTER TABLE "ledger_entry" ALTER COLUMN "layout" DROP DEFAULT;
COMMIT;
