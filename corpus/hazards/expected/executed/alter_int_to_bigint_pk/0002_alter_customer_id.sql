-- migguard:executed alter_int_to_bigint_pk.0002_alter_customer_id atomic=true
-- migguard:statement 1
SET CONSTRAINTS "alter_int_to_bigint__customer_id_618f9406_fk_alter_int" IMMEDIATE; ALTER TABLE "alter_int_to_bigint_pk_order" DROP CONSTRAINT "alter_int_to_bigint__customer_id_618f9406_fk_alter_int";
-- migguard:statement 2
ALTER TABLE "alter_int_to_bigint_pk_customer" ALTER COLUMN "id" TYPE bigint USING "id"::bigint;
-- migguard:statement 3
ALTER SEQUENCE IF EXISTS "alter_int_to_bigint_pk_customer_id_seq" AS bigint;
-- migguard:statement 4
ALTER TABLE "alter_int_to_bigint_pk_order" ALTER COLUMN "customer_id" TYPE bigint USING "customer_id"::bigint;
-- migguard:statement 5
ALTER TABLE "alter_int_to_bigint_pk_order" ADD CONSTRAINT "alter_int_to_bigint_pk_order_customer_id_618f9406_fk" FOREIGN KEY ("customer_id") REFERENCES "alter_int_to_bigint_pk_customer" ("id") DEFERRABLE INITIALLY DEFERRED;
