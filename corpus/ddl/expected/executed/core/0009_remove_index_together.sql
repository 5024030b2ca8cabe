-- migguard:executed core.0009_remove_index_together atomic=true
-- migguard:statement 1
DROP INDEX IF EXISTS "core_gadget_label_batch_d1e13687_idx";
