-- migguard:executed alterations.0006_unique atomic=true
-- migguard:statement 1
ALTER TABLE "alterations_subject" ADD CONSTRAINT "alterations_subject_becomes_unique_5eee2f35_uniq" UNIQUE ("becomes_unique");
-- migguard:statement 2
CREATE INDEX "alterations_subject_becomes_unique_5eee2f35_like" ON "alterations_subject" ("becomes_unique" varchar_pattern_ops);
-- migguard:statement 3
ALTER TABLE "alterations_subject" DROP CONSTRAINT "alterations_subject_stops_unique_key";
-- migguard:statement 4
DROP INDEX IF EXISTS "alterations_subject_stops_unique_b2b463b8_like";
-- migguard:statement 5
ALTER TABLE "alterations_subject" DROP CONSTRAINT "alterations_subject_unique_to_indexed_key";
-- migguard:statement 6
CREATE INDEX "alterations_subject_unique_to_indexed_b77b8f5c" ON "alterations_subject" ("unique_to_indexed");
