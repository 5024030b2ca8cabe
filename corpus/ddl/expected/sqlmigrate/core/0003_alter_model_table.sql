BEGIN;
--
-- Rename table for component to core_components
--
ALTER TABLE "core_component" RENAME TO "core_components";
ALTER TABLE "core_component_gadgets" RENAME TO "core_components_gadgets";
--
-- Rename table for gadget to (default)
--
ALTER TABLE "core_gadgets" RENAME TO "core_gadget";
COMMIT;
