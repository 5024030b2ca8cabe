BEGIN;
--
-- Alter field last_login on user
--
-- (no-op)
COMMIT;
