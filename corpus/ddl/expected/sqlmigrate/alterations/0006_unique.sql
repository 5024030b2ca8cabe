BEGIN;
--
-- Alter field becomes_unique on subject
--
ALTER TABLE "alterations_subject" ADD CONSTRAINT "alterations_subject_becomes_unique_5eee2f35_uniq" UNIQUE ("becomes_unique");
CREATE INDEX "alterations_subject_becomes_unique_5eee2f35_like" ON "alterations_subject" ("becomes_unique" varchar_pattern_ops);
--
-- Alter field stops_unique on subject
--
ALTER TABLE "alterations_subject" DROP CONSTRAINT "alterations_subject_stops_unique_key";
DROP INDEX IF EXISTS "alterations_subject_stops_unique_b2b463b8_like";
--
-- Alter field unique_to_indexed on subject
--
ALTER TABLE "alterations_subject" DROP CONSTRAINT "alterations_subject_unique_to_indexed_key";
CREATE INDEX "alterations_subject_unique_to_indexed_b77b8f5c" ON "alterations_subject" ("unique_to_indexed");
COMMIT;
