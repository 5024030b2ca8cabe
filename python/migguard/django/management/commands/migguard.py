"""``python manage.py migguard``: check the migrations not yet applied, before ``migrate``.

Runs the ``migguard`` executable (``migguard check``) with what the live settings know — the apps
Django loads and where their migrations are, the settings the migrations read, the database's
server version — on the migrations the database has not applied yet. Reads the database, never
writes it. See docs/before-migrate.md.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections

from migguard import find_binary
from migguard.django import live
from migguard.django.arguments import CheckCommand, plural, supported_pg_version

#: Exit statuses, as ``migguard check``'s.
EXIT_OK, EXIT_FINDINGS, EXIT_ERRORS = 0, 1, 2


class Stop(Exception):
    """Ends the command with a message on standard error and an exit status."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class Command(BaseCommand):
    help = (
        "Check the migrations not yet applied to the database for deploy hazards (migguard), "
        "with the live settings. Never writes the database. Arguments after -- go to "
        "`migguard check`."
    )
    # The check reads migration files and the database; Django's system checks add nothing.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--check-pending",
            action="store_true",
            help="Deploy gate: exit 1 when a pending migration has a finding at --fail-on, "
            "0 when none has (or nothing is pending), 2 when migguard could not tell "
            "(database unreachable or not PostgreSQL, unreadable migrations).",
        )
        parser.add_argument(
            "--all",
            action="store_true",
            help="Check every migration of the project's apps; the database is not read.",
        )
        parser.add_argument(
            "--fail-on",
            choices=["error", "warning", "info"],
            help="Lowest severity that fails --check-pending (default: warning, or fail-on "
            "in migguard.toml).",
        )
        parser.add_argument(
            "--format",
            dest="output_format",
            metavar="FORMAT",
            help="Report format of `migguard check` (text, concise, json, sarif, github, "
            "gitlab, markdown).",
        )
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help="The database whose applied migrations are read (default: 'default').",
        )
        parser.add_argument(
            "--pg-version",
            type=int,
            help="PostgreSQL major version to check for (default: the server's).",
        )
        parser.add_argument(
            "--project-dir",
            help="The project folder scanned for migguard.toml and the project's apps "
            "(default: settings.BASE_DIR, else the current folder).",
        )
        parser.add_argument(
            "check_args",
            nargs=argparse.REMAINDER,
            help="After --: more arguments for `migguard check` (e.g. -- --ignore RULE).",
        )

    def handle(self, *args, **options):
        try:
            status = self.run(options)
        except Stop as stop:
            self.note(str(stop))
            status = stop.status
        if status:
            sys.exit(status)

    def note(self, message: str):
        self.stderr.write(f"migguard: {message}")

    def run(self, options) -> int:
        if options["check_pending"] and options["all"]:
            raise Stop(EXIT_ERRORS, "--check-pending and --all exclude each other")
        gate = options["check_pending"]
        try:
            binary = find_binary()
        except FileNotFoundError as error:
            raise Stop(EXIT_ERRORS, str(error)) from error
        project_dir = os.path.realpath(
            options["project_dir"] or getattr(settings, "BASE_DIR", None) or os.getcwd()
        )
        loader = live.disk_loader()
        apps = live.migrated_apps(loader, project_dir)
        extra = list(options["check_args"])
        if extra[:1] == ["--"]:
            extra = extra[1:]
        command = CheckCommand(
            binary=binary,
            project_dir=project_dir,
            apps=apps,
            settings=live.settings_for_migrations(loader),
            pg_version=options["pg_version"],
            fail_on=options["fail_on"],
            output_format=options["output_format"],
            external=live.python_path_dirs(project_dir),
            extra=extra,
        )
        unchecked = {}
        if options["all"]:
            command.targets = project_targets(apps, loader)
        else:
            state = live.read_database(connections[options["database"]])
            unchecked = self.aim_at_pending(command, state, gate, apps, loader)
            if state.reachable and not state.pending:
                self.stdout.write(
                    f"No pending migrations on database '{state.alias}': nothing to check."
                )
                return EXIT_OK
        status = self.run_check(command, options["verbosity"]) if command.targets else EXIT_OK
        if unchecked:
            listed = ", ".join(f"{a}.{n} (replaced by {s[0]}.{s[1]})" for (a, n), s in unchecked.items())
            self.note(
                f"not checked: {listed}: Django applies these because their squash is partly "
                "applied, and migguard checks a squash, not the migrations it replaces"
            )
            if gate:
                return EXIT_ERRORS
        if not gate and status == EXIT_FINDINGS:
            # Without --check-pending the report is for reading; findings fail only the gate.
            return EXIT_OK
        return status

    def aim_at_pending(self, command, state, gate, apps, loader) -> dict:
        """Points the check at the pending migrations of ``state`` (or, when the database can't
        be read and this is not the gate, at every migration). Returns the pending migrations
        that cannot be checked."""
        alias = state.alias
        if not state.reachable:
            message = f"database '{alias}' is unreachable ({state.reason})"
            if gate:
                raise Stop(
                    EXIT_ERRORS,
                    f"{message}: cannot tell which migrations are pending, nothing checked "
                    "(`manage.py migguard --all` checks every migration without the database)",
                )
            self.note(f"{message}: checking every migration of the project's apps")
            command.targets = project_targets(apps, loader)
            return {}
        if state.vendor != "postgresql":
            message = f"database '{alias}' is {state.vendor}: migguard checks migrations for PostgreSQL only"
            if gate:
                raise Stop(EXIT_ERRORS, f"{message}; nothing checked")
            self.note(f"{message}; the pending migrations are checked as they would run on PostgreSQL")
        for app, leaves in state.conflicts.items():
            message = f"conflicting migrations in {app}: {', '.join(leaves)} (migrate refuses to run; makemigrations --merge)"
            if gate:
                raise Stop(EXIT_ERRORS, message)
            self.note(message)
        if state.inconsistent:
            if gate:
                raise Stop(EXIT_ERRORS, f"{state.inconsistent} (migrate refuses to run)")
            self.note(state.inconsistent)
        if command.pg_version is None and state.pg_major is not None:
            command.pg_version, caveat = supported_pg_version(state.pg_major)
            if caveat:
                self.note(caveat)
        if not state.has_table:
            self.note(f"database '{alias}' has no django_migrations table: nothing is applied yet")
        checkable = [key for key in state.pending if key not in state.replaced_pending]
        command.targets = [f"{app}.{name}" for app, name in checkable]
        # Everything pending runs in one `migrate`: tables it creates carry no traffic yet.
        command.change = True
        if state.pending:
            version = f"PostgreSQL {state.pg_major}" if state.pg_major else state.vendor
            self.note(
                f"database '{alias}' ({version}): {plural(state.applied, 'migration')} applied, "
                f"{len(state.pending)} pending; checking {plural(len(checkable), 'migration')}"
            )
        return state.replaced_pending

    def run_check(self, command: CheckCommand, verbosity: int) -> int:
        argv = command.argv()
        for name, why in command.skipped_settings.items():
            self.note(f"setting {name} not passed: {why}")
        if verbosity >= 2:
            self.note("$ " + shlex.join(argv))
        result = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.stdout.write(result.stdout, ending="")
        if result.stderr:
            self.stderr.write(result.stderr, ending="")
        if result.returncode not in (EXIT_OK, EXIT_FINDINGS, EXIT_ERRORS):
            raise Stop(EXIT_ERRORS, f"{argv[0]} exited with status {result.returncode}")
        return result.returncode


def project_targets(apps, loader) -> list:
    """``-m LABEL`` for each app of the project that has migrations."""
    with_migrations = {label for label, _name in loader.disk_migrations}
    return [app.label for app in apps if app.in_project and app.label in with_migrations]
