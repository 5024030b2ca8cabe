BEGIN;
--
-- Add field doubled to order
--
ALTER TABLE "generated_stored_order" ADD COLUMN "doubled" integer GENERATED ALWAYS AS (("total" * 2)) STORED;
COMMIT;
