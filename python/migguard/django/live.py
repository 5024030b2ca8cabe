"""What the running Django knows that a static read of the project cannot: the apps it loads
with their migrations packages, the settings their migrations read, the database's vendor and
version, and which migrations it has applied.

The database is only read: every statement goes through :func:`read_only`, which refuses
anything but ``SELECT``/``SHOW``, and the ``django_migrations`` table is never created (it is
looked for first, as ``MigrationRecorder.applied_migrations`` does).
"""

from __future__ import annotations

import os
import site
import sys
import sysconfig
from dataclasses import dataclass, field
from importlib import import_module
from typing import Optional

from django.apps import apps as django_apps
from django.conf import settings as django_settings
from django.db.migrations.exceptions import InconsistentMigrationHistory
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from .arguments import LiveApp, in_project, settings_named_in, settings_to_pass

#: Statements the command may send to the database.
READ_STATEMENTS = ("select", "show")


class WriteRefused(RuntimeError):
    """A statement that is not a read was about to be sent to the database."""


def _refuse_writes(execute, sql, params, many, context):
    if not str(sql).lstrip().lower().startswith(READ_STATEMENTS):
        raise WriteRefused(f"migguard only reads the database; refused to run: {sql}")
    return execute(sql, params, many, context)


def read_only(connection):
    """A context in which every statement sent through ``connection`` must be a read."""
    return connection.execute_wrapper(_refuse_writes)


def package_dirs() -> list:
    """The folders packages are installed in (site-packages of this interpreter)."""
    dirs = set(site.getsitepackages()) if hasattr(site, "getsitepackages") else set()
    user = site.getusersitepackages() if hasattr(site, "getusersitepackages") else None
    if user:
        dirs.add(user)
    for key in ("purelib", "platlib"):
        dirs.add(sysconfig.get_paths()[key])
    return sorted(os.path.realpath(d) for d in dirs)


def disk_loader() -> MigrationLoader:
    """The migrations on disk, loaded without a database (nothing applied)."""
    return MigrationLoader(None, ignore_no_migrations=True)


def migrated_apps(loader: MigrationLoader, project_dir: str) -> list:
    """Each app Django loads migrations for, with its migrations folder (``MIGRATION_MODULES``
    applied), in ``INSTALLED_APPS`` order. Apps without migrations, or whose migrations module
    is disabled, missing or a namespace package, are left out as Django leaves them out."""
    installed_packages = package_dirs()
    found = []
    for config in django_apps.get_app_configs():
        if config.label not in loader.migrated_apps:
            continue
        module_name, _explicit = MigrationLoader.migrations_module(config.label)
        module = import_module(module_name)
        module_file = getattr(module, "__file__", None)
        if not module_file:
            continue
        migrations_dir = os.path.realpath(os.path.dirname(module_file))
        found.append(
            LiveApp(
                label=config.label,
                migrations_dir=migrations_dir,
                in_project=in_project(migrations_dir, project_dir, installed_packages),
            )
        )
    return found


def settings_for_migrations(loader: MigrationLoader) -> dict:
    """The settings the apps' migration modules name, the swappable-model settings, and
    ``AUTH_USER_MODEL`` / ``DEFAULT_AUTO_FIELD``, with their live values."""
    names = set()
    for migration in loader.disk_migrations.values():
        path = getattr(sys.modules.get(migration.__module__), "__file__", None)
        if path and path.endswith(".py"):
            with open(path, encoding="utf-8", errors="replace") as source:
                names |= settings_named_in(source.read())
    swappable = {
        model._meta.swappable
        for model in django_apps.get_models(include_swapped=True)
        if model._meta.swappable
    }
    return settings_to_pass(names, django_settings, swappable)


def python_path_dirs(project_dir: str) -> list:
    """``sys.path``'s folders (where custom field classes are imported from), the project's
    own folder excepted (migguard scans it)."""
    seen = []
    for entry in sys.path:
        path = os.path.realpath(entry or os.getcwd())
        if os.path.isdir(path) and path != project_dir and path not in seen:
            seen.append(path)
    return seen


@dataclass
class DatabaseState:
    """What was read from one database."""

    alias: str
    vendor: str
    #: Could be connected to; otherwise ``reason`` says why not.
    reachable: bool
    reason: str = ""
    #: The server's major version (PostgreSQL only).
    pg_major: Optional[int] = None
    #: ``django_migrations`` exists (otherwise nothing is applied yet).
    has_table: bool = False
    #: Migrations ``migrate`` would apply, in plan order, as ``(app, name)``.
    pending: list = field(default_factory=list)
    #: Number of migrations of the graph recorded as applied.
    applied: int = 0
    #: Pending migrations a squash replaces while Django runs the replaced chain (the squash is
    #: partly applied): migguard's graph always uses the squash, so it cannot check them.
    replaced_pending: dict = field(default_factory=dict)
    #: Django's ``InconsistentMigrationHistory`` message, if any.
    inconsistent: str = ""
    #: Apps with more than one leaf migration.
    conflicts: dict = field(default_factory=dict)


def read_database(connection) -> DatabaseState:
    """Connects (read only) and reads what ``migrate`` would apply."""
    state = DatabaseState(alias=connection.alias, vendor=connection.vendor, reachable=False)
    with read_only(connection):
        try:
            connection.ensure_connection()
        except Exception as error:  # noqa: BLE001 - any driver error means "unreachable"
            state.reason = _first_line(error)
            return state
        state.reachable = True
        if connection.vendor == "postgresql":
            state.pg_major = connection.pg_version // 10000
        state.has_table = MigrationRecorder(connection).has_table()
        # Built after has_table(): the loader reads django_migrations only when it exists.
        executor = MigrationExecutor(connection)
        loader = executor.loader
        # Rows of django_migrations that are migrations of the graph (a squash's replaced
        # migrations are recorded too, and the squash itself once all of them are).
        state.applied = sum(1 for key in loader.applied_migrations if key in loader.graph.nodes)
        try:
            loader.check_consistent_history(connection)
        except InconsistentMigrationHistory as error:
            state.inconsistent = str(error)
        state.conflicts = {app: sorted(names) for app, names in loader.detect_conflicts().items()}
        plan = executor.migration_plan(loader.graph.leaf_nodes())
    state.pending = [(m.app_label, m.name) for m, backwards in plan if not backwards]
    state.replaced_pending = replaced_while_pending(loader, state.pending)
    return state


def replaced_while_pending(loader, pending) -> dict:
    """``{pending key: squash key}`` for pending migrations that a squash on disk replaces."""
    replaced_by = {}
    for squash_key, squash in loader.replacements.items():
        for replaced in squash.replaces:
            replaced_by[tuple(replaced)] = squash_key
    return {key: replaced_by[key] for key in pending if key in replaced_by}


def _first_line(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]
