-- migguard:executed payments.0006_invoice_amount_gte_0_not_valid atomic=true
-- migguard:statement 1
ALTER TABLE "payments_invoice" ADD CONSTRAINT "payments_invoice_amount_gte_0" CHECK ("amount" >= 0) NOT VALID;
