BEGIN;
--
-- Create constraint unique_constraint_email_uniq on model account
--
ALTER TABLE "unique_constraint_account" ADD CONSTRAINT "unique_constraint_email_uniq" UNIQUE ("email");
COMMIT;
