-- migguard:executed orders.0002_order_shipping_address atomic=true
-- migguard:statement 1
ALTER TABLE "orders_order" ADD COLUMN "shipping_address" text NOT NULL;
