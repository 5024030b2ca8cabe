BEGIN;
--
-- Delete model OpenPlace
--
-- (no-op)
--
-- Delete model LegacyVenue
--
-- (no-op)
--
-- Delete model Step
--
DROP TABLE "core_step" CASCADE;
--
-- Delete model Component
--
DROP TABLE "core_components_gadgets" CASCADE;
DROP TABLE "core_components" CASCADE;
COMMIT;
