BEGIN;
--
-- Alter index_together for event (1 constraint(s))
--
CREATE INDEX "index_together_event_kind_score_e7c9a029_idx" ON "index_together_event" ("kind", "score");
COMMIT;
