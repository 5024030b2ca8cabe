-- migguard:executed alter_fk_field.0002_alter_order_customer atomic=true
-- migguard:statement 1
SET CONSTRAINTS "alter_fk_field_order_customer_id_8ca84767_fk_alter_fk_" IMMEDIATE; ALTER TABLE "alter_fk_field_order" DROP CONSTRAINT "alter_fk_field_order_customer_id_8ca84767_fk_alter_fk_";
-- migguard:statement 2
ALTER TABLE "alter_fk_field_order" ALTER COLUMN "customer_id" DROP NOT NULL;
-- migguard:statement 3
ALTER TABLE "alter_fk_field_order" ADD CONSTRAINT "alter_fk_field_order_customer_id_8ca84767_fk_alter_fk_" FOREIGN KEY ("customer_id") REFERENCES "alter_fk_field_customer" ("id") DEFERRABLE INITIALLY DEFERRED;
