BEGIN;
--
-- Alter constraint ck_bkg_room_bounds on booking
--
-- (no-op)
--
-- Alter constraint uq_art_code_pub_nnd on article
--
-- (no-op)
COMMIT;
