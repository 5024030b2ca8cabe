-- migguard:executed auth.0005_alter_user_last_login_null atomic=true
-- migguard:statement 1
ALTER TABLE "auth_user" ALTER COLUMN "last_login" DROP NOT NULL;
