-- migguard:executed db_index_field.0002_alter_event_score atomic=true
-- migguard:statement 1
CREATE INDEX "db_index_field_event_score_b21cb67f" ON "db_index_field_event" ("score");
