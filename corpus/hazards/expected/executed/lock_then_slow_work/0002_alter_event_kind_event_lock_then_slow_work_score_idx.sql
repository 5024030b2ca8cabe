-- migguard:executed lock_then_slow_work.0002_alter_event_kind_event_lock_then_slow_work_score_idx atomic=true
-- migguard:statement 1
ALTER TABLE "lock_then_slow_work_event" ALTER COLUMN "kind" TYPE varchar(40);
-- migguard:statement 2
CREATE INDEX "lock_then_slow_work_score_idx" ON "lock_then_slow_work_event" ("score");
