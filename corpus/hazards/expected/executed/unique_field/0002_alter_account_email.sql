-- migguard:executed unique_field.0002_alter_account_email atomic=true
-- migguard:statement 1
ALTER TABLE "unique_field_account" ADD CONSTRAINT "unique_field_account_email_b166ca54_uniq" UNIQUE ("email");
-- migguard:statement 2
CREATE INDEX "unique_field_account_email_b166ca54_like" ON "unique_field_account" ("email" varchar_pattern_ops);
