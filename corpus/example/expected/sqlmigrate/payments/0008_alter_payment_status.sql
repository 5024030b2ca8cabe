BEGIN;
--
-- Alter field status on payment
--
ALTER TABLE "payments_payment" ALTER COLUMN "status" SET DEFAULT 'pending';
UPDATE "payments_payment" SET "status" = 'pending' WHERE "status" IS NULL; SET CONSTRAINTS ALL IMMEDIATE;
ALTER TABLE "payments_payment" ALTER COLUMN "status" SET NOT NULL;
ALTER TABLE "payments_payment" ALTER COLUMN "status" DROP DEFAULT;
COMMIT;
