--
-- Concurrently create index orders_line_order_prod_idx on field(s) order, product of model orderline
--
CREATE INDEX CONCURRENTLY "orders_line_order_prod_idx" ON "orders_orderline" ("order_id", "product_id");
