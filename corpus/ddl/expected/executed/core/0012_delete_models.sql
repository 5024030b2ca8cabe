-- migguard:executed core.0012_delete_models atomic=true
-- migguard:statement 1
DROP TABLE "core_step" CASCADE;
-- migguard:statement 2
DROP TABLE "core_components_gadgets" CASCADE;
-- migguard:statement 3
DROP TABLE "core_components" CASCADE;
