BEGIN;
--
-- Raw SQL operation
--
CREATE INDEX event_kind_lower_idx ON run_sql_create_index_event (lower(kind));
COMMIT;
