-- migguard:executed auth.0010_alter_group_name_max_length atomic=true
-- migguard:statement 1
ALTER TABLE "auth_group" ALTER COLUMN "name" TYPE varchar(150);
