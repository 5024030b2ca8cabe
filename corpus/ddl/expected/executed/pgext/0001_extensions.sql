-- migguard:executed pgext.0001_extensions atomic=true
-- migguard:statement 1
CREATE EXTENSION IF NOT EXISTS "bloom";
-- migguard:statement 2
CREATE EXTENSION IF NOT EXISTS "btree_gin";
-- migguard:statement 3
CREATE EXTENSION IF NOT EXISTS "btree_gist";
-- migguard:statement 4
CREATE EXTENSION IF NOT EXISTS "citext";
-- migguard:statement 5
CREATE EXTENSION IF NOT EXISTS "pgcrypto";
-- migguard:statement 6
CREATE EXTENSION IF NOT EXISTS "hstore";
-- migguard:statement 7
CREATE EXTENSION IF NOT EXISTS "pg_trgm";
-- migguard:statement 8
CREATE EXTENSION IF NOT EXISTS "unaccent";
-- migguard:statement 9
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
-- migguard:statement 10
CREATE EXTENSION IF NOT EXISTS "fuzzystrmatch";
