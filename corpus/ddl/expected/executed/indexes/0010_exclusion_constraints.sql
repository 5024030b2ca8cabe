-- migguard:executed indexes.0010_exclusion_constraints atomic=true
-- migguard:statement 1
ALTER TABLE "indexes_booking" ADD CONSTRAINT "ex_bkg_room_overlap" EXCLUDE USING GIST ("span" WITH &&, "room" WITH =) WHERE (NOT "cancelled");
-- migguard:statement 2
ALTER TABLE "indexes_booking" ADD CONSTRAINT "ex_bkg_guest_overlap" EXCLUDE USING gist ((TSTZRANGE("starts", "ends", '[)')) WITH &&, "guest" WITH =) INCLUDE ("room") DEFERRABLE INITIALLY DEFERRED;
-- migguard:statement 3
ALTER TABLE "indexes_booking" ADD CONSTRAINT "ex_bkg_days_spgist" EXCLUDE USING spgist ("days" range_ops WITH &&);
