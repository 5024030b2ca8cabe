-- migguard:executed auth.0012_alter_user_first_name_max_length atomic=true
-- migguard:statement 1
ALTER TABLE "auth_user" ALTER COLUMN "first_name" TYPE varchar(150);
