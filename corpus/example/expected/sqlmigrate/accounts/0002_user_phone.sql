BEGIN;
--
-- Add field phone to user
--
ALTER TABLE "accounts_user" ADD COLUMN "phone" varchar(32) DEFAULT '' NOT NULL;
ALTER TABLE "accounts_user" ALTER COLUMN "phone" DROP DEFAULT;
COMMIT;
