-- migguard:executed orders.0005_orderline_orders_line_order_prod_idx atomic=false
-- migguard:statement 1
CREATE INDEX CONCURRENTLY "orders_line_order_prod_idx" ON "orders_orderline" ("order_id", "product_id");
