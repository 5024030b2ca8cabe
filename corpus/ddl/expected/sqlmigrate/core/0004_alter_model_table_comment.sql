BEGIN;
--
-- Alter gadget table comment
--
COMMENT ON TABLE "core_gadget" IS 'Physical gadgets';
--
-- Alter place table comment
--
COMMENT ON TABLE "core_place" IS 'Venues';
--
-- Alter component table comment
--
COMMENT ON TABLE "core_components" IS '';
COMMIT;
