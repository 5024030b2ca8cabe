-- migguard:executed core.0003_alter_model_table atomic=true
-- migguard:statement 1
ALTER TABLE "core_component" RENAME TO "core_components";
-- migguard:statement 2
ALTER TABLE "core_component_gadgets" RENAME TO "core_components_gadgets";
-- migguard:statement 3
ALTER TABLE "core_gadgets" RENAME TO "core_gadget";
