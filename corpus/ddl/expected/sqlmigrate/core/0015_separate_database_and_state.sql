BEGIN;
--
-- Custom state/database change combination
--
ALTER TABLE "core_place" RENAME COLUMN "country" TO "country_code";
--
-- Custom state/database change combination
--
CREATE INDEX "core_place_city_db_only" ON "core_place" ("city") TABLESPACE "pg_default";
--
-- Custom state/database change combination
--
-- (no-op)
COMMIT;
