BEGIN;
--
-- Create constraint ex_bkg_room_overlap on model booking
--
ALTER TABLE "indexes_booking" ADD CONSTRAINT "ex_bkg_room_overlap" EXCLUDE USING GIST ("span" WITH &&, "room" WITH =) WHERE (NOT "cancelled");
--
-- Create constraint ex_bkg_guest_overlap on model booking
--
ALTER TABLE "indexes_booking" ADD CONSTRAINT "ex_bkg_guest_overlap" EXCLUDE USING gist ((TSTZRANGE("starts", "ends", '[)')) WITH &&, "guest" WITH =) INCLUDE ("room") DEFERRABLE INITIALLY DEFERRED;
--
-- Create constraint ex_bkg_days_spgist on model booking
--
ALTER TABLE "indexes_booking" ADD CONSTRAINT "ex_bkg_days_spgist" EXCLUDE USING spgist ("days" range_ops WITH &&);
COMMIT;
