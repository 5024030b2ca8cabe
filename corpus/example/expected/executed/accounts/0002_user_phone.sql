-- migguard:executed accounts.0002_user_phone atomic=true
-- migguard:statement 1
ALTER TABLE "accounts_user" ADD COLUMN "phone" varchar(32) DEFAULT '' NOT NULL;
-- migguard:statement 2
ALTER TABLE "accounts_user" ALTER COLUMN "phone" DROP DEFAULT;
