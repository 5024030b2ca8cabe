-- migguard:executed unique_constraint.0002_account_unique_constraint_email_uniq atomic=true
-- migguard:statement 1
ALTER TABLE "unique_constraint_account" ADD CONSTRAINT "unique_constraint_email_uniq" UNIQUE ("email");
