-- migguard:executed index_together.0002_alter_event_index_together atomic=true
-- migguard:statement 1
CREATE INDEX "index_together_event_kind_score_e7c9a029_idx" ON "index_together_event" ("kind", "score");
