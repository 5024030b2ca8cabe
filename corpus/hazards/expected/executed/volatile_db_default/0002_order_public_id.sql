-- migguard:executed volatile_db_default.0002_order_public_id atomic=true
-- migguard:statement 1
ALTER TABLE "volatile_db_default_order" ADD COLUMN "public_id" uuid DEFAULT (GEN_RANDOM_UUID()) NOT NULL;
