BEGIN;
--
-- Alter unique_together for account (1 constraint(s))
--
ALTER TABLE "unique_together_account" ADD CONSTRAINT "unique_together_account_email_balance_14a34aa8_uniq" UNIQUE ("email", "balance");
COMMIT;
