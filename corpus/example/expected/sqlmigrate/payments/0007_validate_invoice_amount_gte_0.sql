BEGIN;
--
-- Validate constraint payments_invoice_amount_gte_0 on model invoice
--
ALTER TABLE "payments_invoice" VALIDATE CONSTRAINT "payments_invoice_amount_gte_0";
COMMIT;
