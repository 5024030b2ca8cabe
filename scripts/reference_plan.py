"""Walking a project's migration plan for pass A of scripts/django_reference.py, fast.

Pass A records `manage.py sqlmigrate APP NAME` for every migration of the plan, on a database
migrated to just before it (the schema editor introspects constraint names), then migrates it.
Done with `call_command("sqlmigrate")` + `call_command("migrate", APP, NAME)` per migration,
every call builds a fresh MigrationLoader and re-renders the whole project state: quadratic in
the number of migrations (the widened field test took 15 to 46 minutes). This module keeps
Django's own code paths and drops the repeated work:

- `sqlmigrate` still runs as the management command (its checks, `loader.collect_sql`, the
  BEGIN/COMMIT wrapping), but every call gets the one MigrationLoader(replace_migrations=False)
  built for the run (`shared_sqlmigrate_loader`). That loader's graph does not depend on the
  database; the state collect_sql builds (the migration's ancestors, rendered from scratch) and
  the live introspection are exactly sqlmigrate's.
- `migrate APP NAME` becomes `PlanStepper.migrate`: the one MigrationExecutor of the run applies
  the migration (`executor.apply_migration`) to a project state advanced migration by migration,
  as Django's executor does within one `migrate`, with the same pre_migrate/post_migrate signals,
  django_migrations table and squash bookkeeping (`check_replacements`) as the command.

When a migration fails to migrate (recorded: corpus/hazards), the progressive state is left half
applied and later migrations may depend on the failed one, so from then on the stepper falls back
to `call_command("migrate", APP, NAME)`, exactly what the old recorder did. It does the same from
the start when the graph has conflicts (`migrate` refuses them, for every migration).

Runs inside the venv, after django.setup().
"""

from __future__ import annotations

import contextlib
import io


@contextlib.contextmanager
def shared_sqlmigrate_loader():
    """While active, `call_command("sqlmigrate", ...)` reuses one MigrationLoader(replace_migrations=False).

    The loader is built on first use (a failure to build it is raised, and retried, at every
    call, as with a fresh loader per call) and is read-only to sqlmigrate: collect_sql renders a
    new state for every migration.
    """
    from django.core.management.commands import sqlmigrate
    from django.db.migrations.loader import MigrationLoader

    built = {}

    def loader_for(connection, replace_migrations=True, **kwargs):
        if replace_migrations or kwargs:
            return MigrationLoader(connection, replace_migrations=replace_migrations, **kwargs)
        key = connection.alias
        if key not in built:
            built[key] = MigrationLoader(connection, replace_migrations=False)
        return built[key]

    sqlmigrate.MigrationLoader = loader_for
    try:
        yield
    finally:
        sqlmigrate.MigrationLoader = MigrationLoader


class PlanStepper:
    """Migrates the database one plan migration at a time, like `migrate APP NAME` in plan order."""

    def __init__(self, executor, call):
        """`executor`: the run's MigrationExecutor on a fresh database; `call`: django_reference.call."""
        self.executor = executor
        self.call = call
        self.state = executor._create_project_state(with_applied_migrations=True)
        # `migrate` refuses a graph with conflicts (for every migration): keep its exact message.
        self.fallback = bool(executor.loader.detect_conflicts())

    def migrate(self, app: str, name: str) -> None:
        """Apply APP.NAME (every migration before it in the plan applied); raises what migrate raises."""
        if self.fallback:
            self.call("migrate", app, name, "--no-input", "--verbosity", "0")
            return
        from django.core.management.sql import emit_post_migrate_signal, emit_pre_migrate_signal

        executor = self.executor
        connection = executor.connection
        migration = executor.loader.graph.nodes[(app, name)]
        plan = [(migration, False)]
        connection.prepare_database()
        if "apps" not in self.state.__dict__:
            self.state.apps  # render once; apply_migration then reloads only what changes
        emit_pre_migrate_signal(0, False, connection.alias, stdout=io.StringIO(),
                                apps=self.state.apps, plan=plan)
        try:
            executor.recorder.ensure_schema()
            self.state = executor.apply_migration(self.state, migration)
            executor.check_replacements()
        except Exception:
            # The state is half-applied and later migrations may need this one: do what the
            # command does from here on.
            self.fallback = True
            raise
        emit_post_migrate_signal(0, False, connection.alias, stdout=io.StringIO(),
                                 apps=self.state.apps, plan=plan)
