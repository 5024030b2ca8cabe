-- migguard:executed add_not_null_no_default.0002_order_note atomic=true
-- migguard:statement 1
ALTER TABLE "add_not_null_no_default_order" ADD COLUMN "note" text NOT NULL;
