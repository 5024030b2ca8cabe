BEGIN;
--
-- Create model Options
--
CREATE TABLE "columns_options" ("code" varchar(16) NOT NULL PRIMARY KEY USING INDEX TABLESPACE "pg_default", "maybe" integer NULL, "static_default" integer NOT NULL, "callable_default" uuid NOT NULL, "created" timestamp with time zone NOT NULL, "db_default_literal" integer DEFAULT 7 NOT NULL, "db_default_value" varchar(10) DEFAULT 'n/a' NOT NULL, "db_default_now" timestamp with time zone DEFAULT (STATEMENT_TIMESTAMP()) NOT NULL, "db_default_both" varchar(5) DEFAULT 'x' NOT NULL, "db_default_expr" text DEFAULT (LOWER('ABC')) NOT NULL, "uniq" varchar(40) NOT NULL UNIQUE USING INDEX TABLESPACE "pg_default", "indexed" varchar(40) NOT NULL, "indexed_int" integer NOT NULL, "legacy_column_name" integer NOT NULL, "in_tablespace" integer NULL, "commented" integer NULL, "ci_name" varchar(50) COLLATE "case_insensitive" NULL, "c_name" text COLLATE "posix_c" NULL, "status" varchar(8) NOT NULL) TABLESPACE "pg_default";
COMMENT ON COLUMN "columns_options"."commented" IS 'Number of things, see ticket #12';
CREATE INDEX "columns_options_code_de310e6e_like" ON "columns_options" ("code" varchar_pattern_ops) TABLESPACE "pg_default";
CREATE INDEX "columns_options_uniq_cbcc1b21_like" ON "columns_options" ("uniq" varchar_pattern_ops) TABLESPACE "pg_default";
CREATE INDEX "columns_options_indexed_45bafcbc" ON "columns_options" ("indexed") TABLESPACE "pg_default";
CREATE INDEX "columns_options_indexed_45bafcbc_like" ON "columns_options" ("indexed" varchar_pattern_ops) TABLESPACE "pg_default";
CREATE INDEX "columns_options_indexed_int_3365e7f4" ON "columns_options" ("indexed_int") TABLESPACE "pg_default";
CREATE INDEX "columns_options_in_tablespace_b94dcd75" ON "columns_options" ("in_tablespace") TABLESPACE "pg_default";
COMMIT;
