BEGIN;
--
-- Create not valid constraint add_constraint_not_valid_balance_gte_0 on model account
--
ALTER TABLE "add_constraint_not_valid_account" ADD CONSTRAINT "add_constraint_not_valid_balance_gte_0" CHECK ("balance" >= 0) NOT VALID;
COMMIT;
