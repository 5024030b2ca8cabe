-- migguard:executed add_not_null.0002_order_note atomic=true
-- migguard:statement 1
ALTER TABLE "add_not_null_order" ADD COLUMN "note" varchar(20) DEFAULT '' NOT NULL;
-- migguard:statement 2
ALTER TABLE "add_not_null_order" ALTER COLUMN "note" DROP DEFAULT;
