BEGIN;
--
-- Alter field id on customer
--
SET CONSTRAINTS "alter_int_to_bigint__customer_id_618f9406_fk_alter_int" IMMEDIATE; ALTER TABLE "alter_int_to_bigint_pk_order" DROP CONSTRAINT "alter_int_to_bigint__customer_id_618f9406_fk_alter_int";
ALTER TABLE "alter_int_to_bigint_pk_customer" ALTER COLUMN "id" TYPE bigint USING "id"::bigint;
ALTER SEQUENCE IF EXISTS "alter_int_to_bigint_pk_customer_id_seq" AS bigint;
ALTER TABLE "alter_int_to_bigint_pk_order" ALTER COLUMN "customer_id" TYPE bigint USING "customer_id"::bigint;
ALTER TABLE "alter_int_to_bigint_pk_order" ADD CONSTRAINT "alter_int_to_bigint_pk_order_customer_id_618f9406_fk" FOREIGN KEY ("customer_id") REFERENCES "alter_int_to_bigint_pk_customer" ("id") DEFERRABLE INITIALLY DEFERRED;
COMMIT;
