BEGIN;
--
-- Create constraint add_check_constraint_balance_gte_0 on model account
--
ALTER TABLE "add_check_constraint_account" ADD CONSTRAINT "add_check_constraint_balance_gte_0" CHECK ("balance" >= 0);
COMMIT;
