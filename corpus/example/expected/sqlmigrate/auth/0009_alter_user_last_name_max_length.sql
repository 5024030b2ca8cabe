BEGIN;
--
-- Alter field last_name on user
--
-- (no-op)
COMMIT;
