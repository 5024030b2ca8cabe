BEGIN;
--
-- Create constraint orders_order_total_gte_0 on model order
--
ALTER TABLE "orders_order" ADD CONSTRAINT "orders_order_total_gte_0" CHECK ("total" >= 0);
COMMIT;
