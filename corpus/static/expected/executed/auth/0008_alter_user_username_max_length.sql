-- migguard:executed auth.0008_alter_user_username_max_length atomic=true
-- migguard:statement 1
ALTER TABLE "auth_user" ALTER COLUMN "username" TYPE varchar(150);
