BEGIN;
--
-- Alter field code on event
--
CREATE INDEX "char_db_index_event_code_f65e2dfe" ON "char_db_index_event" ("code");
CREATE INDEX "char_db_index_event_code_f65e2dfe_like" ON "char_db_index_event" ("code" varchar_pattern_ops);
COMMIT;
