BEGIN;
--
-- Alter unique_together for gadget (2 constraint(s))
--
ALTER TABLE "core_gadget" DROP CONSTRAINT "core_gadget_label_serial_48d0e41b_uniq";
ALTER TABLE "core_gadget" ADD CONSTRAINT "core_gadget_label_batch_d1e13687_uniq" UNIQUE ("label", "batch");
COMMIT;
