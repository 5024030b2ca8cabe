-- migguard:executed add_index.0002_event_add_index_score_idx atomic=true
-- migguard:statement 1
CREATE INDEX "add_index_score_idx" ON "add_index_event" ("score");
