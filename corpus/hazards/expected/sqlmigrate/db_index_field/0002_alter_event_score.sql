BEGIN;
--
-- Alter field score on event
--
CREATE INDEX "db_index_field_event_score_b21cb67f" ON "db_index_field_event" ("score");
COMMIT;
