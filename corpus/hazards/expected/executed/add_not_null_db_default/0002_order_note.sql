-- migguard:executed add_not_null_db_default.0002_order_note atomic=true
-- migguard:statement 1
ALTER TABLE "add_not_null_db_default_order" ADD COLUMN "note" varchar(20) DEFAULT '' NOT NULL;
