BEGIN;
--
-- Alter field email on user
--
-- (no-op)
COMMIT;
