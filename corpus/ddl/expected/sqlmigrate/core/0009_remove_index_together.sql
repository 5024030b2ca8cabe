BEGIN;
--
-- Alter index_together for gadget (1 constraint(s))
--
DROP INDEX IF EXISTS "core_gadget_label_batch_d1e13687_idx";
COMMIT;
