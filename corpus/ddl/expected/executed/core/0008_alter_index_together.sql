-- migguard:executed core.0008_alter_index_together atomic=true
-- migguard:statement 1
CREATE INDEX "core_gadget_serial_d455fd29_idx" ON "core_gadget" ("serial");
-- migguard:statement 2
CREATE INDEX "core_gadget_label_batch_d1e13687_idx" ON "core_gadget" ("label", "batch");
