-- migguard:executed orders.0003_rename_note_order_customer_note atomic=true
-- migguard:statement 1
ALTER TABLE "orders_order" RENAME COLUMN "note" TO "customer_note";
