-- migguard:executed add_index_concurrently.0002_event_event_score_conc_idx atomic=false
-- migguard:statement 1
CREATE INDEX CONCURRENTLY "event_score_conc_idx" ON "add_index_concurrently_event" ("score");
