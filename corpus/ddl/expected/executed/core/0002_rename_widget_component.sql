-- migguard:executed core.0002_rename_widget_component atomic=true
-- migguard:statement 1
ALTER TABLE "core_widget" RENAME TO "core_component";
-- migguard:statement 2
ALTER TABLE "core_widget_gadgets" RENAME TO "core_component_gadgets";
-- migguard:statement 3
SET CONSTRAINTS "core_widget_gadgets_widget_id_4720ff2e_fk_core_widget_id" IMMEDIATE; ALTER TABLE "core_component_gadgets" DROP CONSTRAINT "core_widget_gadgets_widget_id_4720ff2e_fk_core_widget_id";
-- migguard:statement 4
ALTER TABLE "core_component_gadgets" RENAME COLUMN "widget_id" TO "component_id";
-- migguard:statement 5
ALTER TABLE "core_component_gadgets" ADD CONSTRAINT "core_component_gadge_component_id_079436ac_fk_core_comp" FOREIGN KEY ("component_id") REFERENCES "core_component" ("id") DEFERRABLE INITIALLY DEFERRED;
