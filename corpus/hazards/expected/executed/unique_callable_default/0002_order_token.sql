-- migguard:executed unique_callable_default.0002_order_token atomic=true
-- migguard:statement 1
ALTER TABLE "unique_callable_default_order" ADD COLUMN "token" uuid DEFAULT '00000000000040008000000000000001'::uuid NOT NULL UNIQUE;
-- migguard:statement 2
ALTER TABLE "unique_callable_default_order" ALTER COLUMN "token" DROP DEFAULT;
