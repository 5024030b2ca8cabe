BEGIN;
--
-- Alter field title on article
--
-- (no-op)
COMMIT;
