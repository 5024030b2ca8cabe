BEGIN;
--
-- Alter field first_name on user
--
-- (no-op)
COMMIT;
