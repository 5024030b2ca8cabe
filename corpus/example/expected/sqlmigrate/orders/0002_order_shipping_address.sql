BEGIN;
--
-- Add field shipping_address to order
--
ALTER TABLE "orders_order" ADD COLUMN "shipping_address" text NOT NULL;
COMMIT;
