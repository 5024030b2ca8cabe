-- migguard:executed payments.0008_alter_payment_status atomic=true
-- migguard:statement 1
ALTER TABLE "payments_payment" ALTER COLUMN "status" SET DEFAULT 'pending';
-- migguard:statement 2
UPDATE "payments_payment" SET "status" = 'pending' WHERE "status" IS NULL; SET CONSTRAINTS ALL IMMEDIATE;
-- migguard:statement 3
ALTER TABLE "payments_payment" ALTER COLUMN "status" SET NOT NULL;
-- migguard:statement 4
ALTER TABLE "payments_payment" ALTER COLUMN "status" DROP DEFAULT;
