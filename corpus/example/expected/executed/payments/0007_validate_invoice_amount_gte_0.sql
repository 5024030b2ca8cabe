-- migguard:executed payments.0007_validate_invoice_amount_gte_0 atomic=true
-- migguard:statement 1
ALTER TABLE "payments_invoice" VALIDATE CONSTRAINT "payments_invoice_amount_gte_0";
