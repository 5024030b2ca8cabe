-- migguard:executed char_db_index.0002_alter_event_code atomic=true
-- migguard:statement 1
CREATE INDEX "char_db_index_event_code_f65e2dfe" ON "char_db_index_event" ("code");
-- migguard:statement 2
CREATE INDEX "char_db_index_event_code_f65e2dfe_like" ON "char_db_index_event" ("code" varchar_pattern_ops);
