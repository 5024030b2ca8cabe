-- migguard:executed unique_together.0002_alter_account_unique_together atomic=true
-- migguard:statement 1
ALTER TABLE "unique_together_account" ADD CONSTRAINT "unique_together_account_email_balance_14a34aa8_uniq" UNIQUE ("email", "balance");
