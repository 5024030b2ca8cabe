-- migguard:executed drop_table.0002_delete_tag atomic=true
-- migguard:statement 1
DROP TABLE "drop_table_tag" CASCADE;
