-- migguard:executed alterations.0007_db_index atomic=true
-- migguard:statement 1
CREATE INDEX "alterations_subject_becomes_indexed_07150152" ON "alterations_subject" ("becomes_indexed");
-- migguard:statement 2
CREATE INDEX "alterations_subject_char_becomes_indexed_5aab78d0" ON "alterations_subject" ("char_becomes_indexed");
-- migguard:statement 3
CREATE INDEX "alterations_subject_char_becomes_indexed_5aab78d0_like" ON "alterations_subject" ("char_becomes_indexed" varchar_pattern_ops);
-- migguard:statement 4
DROP INDEX IF EXISTS "alterations_subject_stops_indexed_cdc0e24c";
-- migguard:statement 5
DROP INDEX IF EXISTS "alterations_subject_stops_indexed_cdc0e24c_like";
