BEGIN;
--
-- Create index add_index_score_idx on field(s) score of model event
--
CREATE INDEX "add_index_score_idx" ON "add_index_event" ("score");
COMMIT;
