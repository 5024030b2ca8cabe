-- migguard:executed auth.0009_alter_user_last_name_max_length atomic=true
-- migguard:statement 1
ALTER TABLE "auth_user" ALTER COLUMN "last_name" TYPE varchar(150);
