BEGIN;
--
-- Alter field kind on event
--
ALTER TABLE "lock_then_slow_work_event" ALTER COLUMN "kind" TYPE varchar(40);
--
-- Create index lock_then_slow_work_score_idx on field(s) score of model event
--
CREATE INDEX "lock_then_slow_work_score_idx" ON "lock_then_slow_work_event" ("score");
COMMIT;
