-- migguard:executed core.0006_alter_unique_together atomic=true
-- migguard:statement 1
ALTER TABLE "core_gadget" ADD CONSTRAINT "core_gadget_label_serial_48d0e41b_uniq" UNIQUE ("label", "serial");
-- migguard:statement 2
ALTER TABLE "core_gadget" ADD CONSTRAINT "core_gadget_serial_batch_476b6c61_uniq" UNIQUE ("serial", "batch");
-- migguard:statement 3
ALTER TABLE "core_place" DROP CONSTRAINT "core_place_name_city_6f160520_uniq";
