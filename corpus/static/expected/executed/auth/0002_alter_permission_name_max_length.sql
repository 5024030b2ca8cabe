-- migguard:executed auth.0002_alter_permission_name_max_length atomic=true
-- migguard:statement 1
ALTER TABLE "auth_permission" ALTER COLUMN "name" TYPE varchar(255);
