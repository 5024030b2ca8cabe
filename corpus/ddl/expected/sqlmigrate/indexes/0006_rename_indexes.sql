BEGIN;
--
-- Rename index idx_art_status_pub on article to idx_art_status_published
--
ALTER INDEX "idx_art_status_pub" RENAME TO "idx_art_status_published";
--
-- Rename unnamed index for ('room', 'guest') on booking to idx_bkg_room_guest
--
ALTER INDEX "indexes_booking_room_guest_50a9034c_idx" RENAME TO "idx_bkg_room_guest";
COMMIT;
