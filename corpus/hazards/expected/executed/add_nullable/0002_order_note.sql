-- migguard:executed add_nullable.0002_order_note atomic=true
-- migguard:statement 1
ALTER TABLE "add_nullable_order" ADD COLUMN "note" varchar(20) NULL;
