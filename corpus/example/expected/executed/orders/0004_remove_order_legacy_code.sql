-- migguard:executed orders.0004_remove_order_legacy_code atomic=true
-- migguard:statement 1
ALTER TABLE "orders_order" DROP COLUMN "legacy_code" CASCADE;
