-- migguard:executed core.0015_separate_database_and_state atomic=true
-- migguard:statement 1
ALTER TABLE "core_place" RENAME COLUMN "country" TO "country_code";
-- migguard:statement 2
CREATE INDEX "core_place_city_db_only" ON "core_place" ("city") TABLESPACE "pg_default";
