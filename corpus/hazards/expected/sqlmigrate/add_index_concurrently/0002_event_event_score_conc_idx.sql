--
-- Concurrently create index event_score_conc_idx on field(s) score of model event
--
CREATE INDEX CONCURRENTLY "event_score_conc_idx" ON "add_index_concurrently_event" ("score");
