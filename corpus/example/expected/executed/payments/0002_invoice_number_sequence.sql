-- migguard:executed payments.0002_invoice_number_sequence atomic=true
-- migguard:statement 1
CREATE SEQUENCE IF NOT EXISTS payments_invoice_number_seq START WITH 1000 INCREMENT BY 1;
