BEGIN;
--
-- Alter field customer on order
--
SET CONSTRAINTS "alter_fk_field_order_customer_id_8ca84767_fk_alter_fk_" IMMEDIATE; ALTER TABLE "alter_fk_field_order" DROP CONSTRAINT "alter_fk_field_order_customer_id_8ca84767_fk_alter_fk_";
ALTER TABLE "alter_fk_field_order" ALTER COLUMN "customer_id" DROP NOT NULL;
ALTER TABLE "alter_fk_field_order" ADD CONSTRAINT "alter_fk_field_order_customer_id_8ca84767_fk_alter_fk_" FOREIGN KEY ("customer_id") REFERENCES "alter_fk_field_customer" ("id") DEFERRABLE INITIALLY DEFERRED;
COMMIT;
