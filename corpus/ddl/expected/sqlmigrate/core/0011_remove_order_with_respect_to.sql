BEGIN;
--
-- Set order_with_respect_to on component to None
--
ALTER TABLE "core_components" DROP COLUMN "_order" CASCADE;
COMMIT;
