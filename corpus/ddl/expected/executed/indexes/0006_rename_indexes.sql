-- migguard:executed indexes.0006_rename_indexes atomic=true
-- migguard:statement 1
ALTER INDEX "idx_art_status_pub" RENAME TO "idx_art_status_published";
-- migguard:statement 2
ALTER INDEX "indexes_booking_room_guest_50a9034c_idx" RENAME TO "idx_bkg_room_guest";
