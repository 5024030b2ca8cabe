-- migguard:executed auth.0003_alter_user_email_max_length atomic=true
-- migguard:statement 1
ALTER TABLE "auth_user" ALTER COLUMN "email" TYPE varchar(254);
