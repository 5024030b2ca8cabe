-- migguard:executed add_constraint_not_valid.0002_account_add_constraint_not_valid_balance_gte_0 atomic=true
-- migguard:statement 1
ALTER TABLE "add_constraint_not_valid_account" ADD CONSTRAINT "add_constraint_not_valid_balance_gte_0" CHECK ("balance" >= 0) NOT VALID;
