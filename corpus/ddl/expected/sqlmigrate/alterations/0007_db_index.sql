BEGIN;
--
-- Alter field becomes_indexed on subject
--
CREATE INDEX "alterations_subject_becomes_indexed_07150152" ON "alterations_subject" ("becomes_indexed");
--
-- Alter field char_becomes_indexed on subject
--
CREATE INDEX "alterations_subject_char_becomes_indexed_5aab78d0" ON "alterations_subject" ("char_becomes_indexed");
CREATE INDEX "alterations_subject_char_becomes_indexed_5aab78d0_like" ON "alterations_subject" ("char_becomes_indexed" varchar_pattern_ops);
--
-- Alter field stops_indexed on subject
--
DROP INDEX IF EXISTS "alterations_subject_stops_indexed_cdc0e24c";
DROP INDEX IF EXISTS "alterations_subject_stops_indexed_cdc0e24c_like";
COMMIT;
