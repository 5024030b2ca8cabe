-- migguard:executed payments.0004_payment_status atomic=true
-- migguard:statement 1
ALTER TABLE "payments_payment" ADD COLUMN "status" varchar(16) NULL;
