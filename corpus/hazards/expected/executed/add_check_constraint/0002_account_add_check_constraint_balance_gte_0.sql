-- migguard:executed add_check_constraint.0002_account_add_check_constraint_balance_gte_0 atomic=true
-- migguard:statement 1
ALTER TABLE "add_check_constraint_account" ADD CONSTRAINT "add_check_constraint_balance_gte_0" CHECK ("balance" >= 0);
