-- migguard:executed indexes.0005_index_together atomic=true
-- migguard:statement 1
CREATE INDEX "indexes_booking_room_guest_50a9034c_idx" ON "indexes_booking" ("room", "guest");
