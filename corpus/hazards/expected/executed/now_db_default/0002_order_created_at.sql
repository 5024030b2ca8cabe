-- migguard:executed now_db_default.0002_order_created_at atomic=true
-- migguard:statement 1
ALTER TABLE "now_db_default_order" ADD COLUMN "created_at" timestamp with time zone DEFAULT (STATEMENT_TIMESTAMP()) NOT NULL;
