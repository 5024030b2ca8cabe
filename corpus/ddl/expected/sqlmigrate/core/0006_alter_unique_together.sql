BEGIN;
--
-- Alter unique_together for gadget (2 constraint(s))
--
ALTER TABLE "core_gadget" ADD CONSTRAINT "core_gadget_label_serial_48d0e41b_uniq" UNIQUE ("label", "serial");
ALTER TABLE "core_gadget" ADD CONSTRAINT "core_gadget_serial_batch_476b6c61_uniq" UNIQUE ("serial", "batch");
--
-- Alter unique_together for place (0 constraint(s))
--
ALTER TABLE "core_place" DROP CONSTRAINT "core_place_name_city_6f160520_uniq";
COMMIT;
