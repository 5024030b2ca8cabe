BEGIN;
--
-- Change Meta options on gadget
--
-- (no-op)
--
-- Change managers on gadget
--
-- (no-op)
COMMIT;
