BEGIN;
--
-- Create not valid constraint payments_invoice_amount_gte_0 on model invoice
--
ALTER TABLE "payments_invoice" ADD CONSTRAINT "payments_invoice_amount_gte_0" CHECK ("amount" >= 0) NOT VALID;
COMMIT;
