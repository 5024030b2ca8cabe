-- migguard:executed core.0004_alter_model_table_comment atomic=true
-- migguard:statement 1
COMMENT ON TABLE "core_gadget" IS 'Physical gadgets';
-- migguard:statement 2
COMMENT ON TABLE "core_place" IS 'Venues';
-- migguard:statement 3
COMMENT ON TABLE "core_components" IS '';
