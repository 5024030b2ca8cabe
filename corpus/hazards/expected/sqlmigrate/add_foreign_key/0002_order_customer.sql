BEGIN;
--
-- Add field customer to order
--
ALTER TABLE "add_foreign_key_order" ADD COLUMN "customer_id" bigint NULL CONSTRAINT "add_foreign_key_orde_customer_id_7c431201_fk_add_forei" REFERENCES "add_foreign_key_customer"("id") DEFERRABLE INITIALLY DEFERRED; SET CONSTRAINTS "add_foreign_key_orde_customer_id_7c431201_fk_add_forei" IMMEDIATE;
CREATE INDEX "add_foreign_key_order_customer_id_7c431201" ON "add_foreign_key_order" ("customer_id");
COMMIT;
