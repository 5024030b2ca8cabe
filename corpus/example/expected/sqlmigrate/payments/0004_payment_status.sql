BEGIN;
--
-- Add field status to payment
--
ALTER TABLE "payments_payment" ADD COLUMN "status" varchar(16) NULL;
COMMIT;
