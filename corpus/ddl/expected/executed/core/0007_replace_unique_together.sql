-- migguard:executed core.0007_replace_unique_together atomic=true
-- migguard:statement 1
ALTER TABLE "core_gadget" DROP CONSTRAINT "core_gadget_label_serial_48d0e41b_uniq";
-- migguard:statement 2
ALTER TABLE "core_gadget" ADD CONSTRAINT "core_gadget_label_batch_d1e13687_uniq" UNIQUE ("label", "batch");
