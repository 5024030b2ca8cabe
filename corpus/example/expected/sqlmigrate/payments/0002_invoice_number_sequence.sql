BEGIN;
--
-- Raw SQL operation
--
CREATE SEQUENCE IF NOT EXISTS payments_invoice_number_seq START WITH 1000 INCREMENT BY 1;
COMMIT;
