-- migguard:executed run_sql_create_index.0002_event_kind_lower_idx atomic=true
-- migguard:statement 1
CREATE INDEX event_kind_lower_idx ON run_sql_create_index_event (lower(kind));
