CREATE INDEX CONCURRENTLY "shop_item_sku" ON "shop_item" ("sku");
ALTER TABLE "shop_item" ADD CONSTRAINT "sku_positive" CHECK ("sku" > 0) NOT VALID;
ALTER TABLE "shop_item" VALIDATE CONSTRAINT "sku_positive";
DO $$ BEGIN PERFORM 1; END $$;
LOCK TABLE "shop_item" IN ACCESS EXCLUSIVE MODE;
