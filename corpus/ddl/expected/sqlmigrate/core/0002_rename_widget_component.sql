BEGIN;
--
-- Rename model Widget to Component
--
ALTER TABLE "core_widget" RENAME TO "core_component";
ALTER TABLE "core_widget_gadgets" RENAME TO "core_component_gadgets";
ALTER TABLE "core_component_gadgets" RENAME COLUMN "widget_id" TO "component_id";
COMMIT;
