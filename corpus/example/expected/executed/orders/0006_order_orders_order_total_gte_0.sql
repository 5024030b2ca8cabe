-- migguard:executed orders.0006_order_orders_order_total_gte_0 atomic=true
-- migguard:statement 1
ALTER TABLE "orders_order" ADD CONSTRAINT "orders_order_total_gte_0" CHECK ("total" >= 0);
