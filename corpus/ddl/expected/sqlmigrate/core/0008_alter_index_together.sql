BEGIN;
--
-- Alter index_together for gadget (2 constraint(s))
--
CREATE INDEX "core_gadget_serial_d455fd29_idx" ON "core_gadget" ("serial");
CREATE INDEX "core_gadget_label_batch_d1e13687_idx" ON "core_gadget" ("label", "batch");
COMMIT;
