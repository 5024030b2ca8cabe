BEGIN;
--
-- Creates extension bloom
--
CREATE EXTENSION IF NOT EXISTS "bloom";
--
-- Creates extension btree_gin
--
CREATE EXTENSION IF NOT EXISTS "btree_gin";
--
-- Creates extension btree_gist
--
CREATE EXTENSION IF NOT EXISTS "btree_gist";
--
-- Creates extension citext
--
CREATE EXTENSION IF NOT EXISTS "citext";
--
-- Creates extension pgcrypto
--
CREATE EXTENSION IF NOT EXISTS "pgcrypto";
--
-- Creates extension hstore
--
CREATE EXTENSION IF NOT EXISTS "hstore";
--
-- Creates extension pg_trgm
--
CREATE EXTENSION IF NOT EXISTS "pg_trgm";
--
-- Creates extension unaccent
--
CREATE EXTENSION IF NOT EXISTS "unaccent";
--
-- Creates extension uuid-ossp
--
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
--
-- Creates extension fuzzystrmatch
--
CREATE EXTENSION IF NOT EXISTS "fuzzystrmatch";
COMMIT;
