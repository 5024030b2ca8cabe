BEGIN;
--
-- Alter field email on account
--
ALTER TABLE "unique_field_account" ADD CONSTRAINT "unique_field_account_email_b166ca54_uniq" UNIQUE ("email");
CREATE INDEX "unique_field_account_email_b166ca54_like" ON "unique_field_account" ("email" varchar_pattern_ops);
COMMIT;
