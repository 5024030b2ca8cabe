-- migguard:executed core.0011_remove_order_with_respect_to atomic=true
-- migguard:statement 1
ALTER TABLE "core_components" DROP COLUMN "_order" CASCADE;
