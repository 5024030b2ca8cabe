-- migguard:executed generated_stored.0002_order_doubled atomic=true
-- migguard:statement 1
ALTER TABLE "generated_stored_order" ADD COLUMN "doubled" integer GENERATED ALWAYS AS (("total" * 2)) STORED;
