BEGIN;
--
-- Alter index_together for booking (1 constraint(s))
--
CREATE INDEX "indexes_booking_room_guest_50a9034c_idx" ON "indexes_booking" ("room", "guest");
COMMIT;
