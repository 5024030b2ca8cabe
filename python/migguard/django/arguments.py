"""The ``migguard check`` command line built from what a running Django knows.

Pure Python, no Django import: everything here takes plain values, so it is tested on its own
(tests/python/test_django_arguments.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Optional, Sequence

#: The PostgreSQL major versions ``migguard check --pg-version`` accepts.
OLDEST_PG, NEWEST_PG = 12, 18

#: Settings every project's migrations may depend on, passed even when no migration names them.
ALWAYS_PASSED = ("AUTH_USER_MODEL", "DEFAULT_AUTO_FIELD")

_SETTING_ATTRIBUTE = re.compile(r"\bsettings\.([A-Z][A-Z0-9_]*)\b")
_SETTING_GETATTR = re.compile(r"""\bgetattr\(\s*settings\s*,\s*["']([A-Z][A-Z0-9_]*)["']""")


@dataclass(frozen=True)
class LiveApp:
    """A migrated app as Django loads it."""

    label: str
    #: The folder of its migrations package (``MIGRATION_MODULES`` applied).
    migrations_dir: str
    #: Part of the project (under the project folder, outside any site-packages) rather than
    #: installed from a package.
    in_project: bool


@dataclass
class CheckCommand:
    """What ``manage.py migguard`` asks ``migguard check``."""

    binary: str
    project_dir: str
    apps: Sequence[LiveApp]
    #: Setting name to its value as Django has it.
    settings: Mapping[str, object]
    #: ``APP.MIGRATION`` or ``APP`` targets (``-m``); empty: every migration of the scanned apps.
    targets: Sequence[str] = ()
    #: The checked migrations run in one ``migrate``: tables created by one carry no traffic.
    change: bool = False
    pg_version: Optional[int] = None
    fail_on: Optional[str] = None
    output_format: Optional[str] = None
    #: Where custom field classes are looked up (``sys.path``).
    external: Sequence[str] = ()
    #: Passed through after everything else.
    extra: Sequence[str] = ()
    #: Settings left out because ``--setting`` cannot carry their value, with why.
    skipped_settings: dict = field(default_factory=dict)

    def argv(self) -> list:
        """The argument vector, binary first."""
        argv = [self.binary, "check", self.project_dir]
        for app in self.apps:
            argv += ["--app", f"{app.label}={app.migrations_dir}"]
        self.skipped_settings = {}
        for name in sorted(self.settings):
            text, why = setting_text(self.settings[name])
            if text is None:
                self.skipped_settings[name] = why
            else:
                argv += ["--setting", f"{name}={text}"]
        for path in self.external:
            argv += ["--external", path]
        for target in self.targets:
            argv += ["-m", target]
        if self.change:
            argv.append("--change")
        if self.pg_version is not None:
            argv += ["--pg-version", str(self.pg_version)]
        if self.fail_on is not None:
            argv += ["--fail-on", self.fail_on]
        if self.output_format is not None:
            argv += ["--format", self.output_format]
        argv += list(self.extra)
        return argv


def setting_text(value: object) -> tuple:
    """``(text, None)``: the text ``--setting NAME=text`` reads back as ``value`` (migguard types
    ``True``/``False``/``None`` and integers, the rest is a string); ``(None, why)`` when it
    cannot (a list, or a string that would be read as another type)."""
    if value is None:
        return "None", None
    if isinstance(value, bool):
        return ("True" if value else "False"), None
    if isinstance(value, int):
        return str(value), None
    if isinstance(value, str):
        if value in ("True", "true", "False", "false", "None") or _is_integer(value):
            return None, f"the string {value!r} would be read as another type"
        return value, None
    return None, f"a {type(value).__name__} cannot be passed as --setting"


def _is_integer(text: str) -> bool:
    try:
        int(text)
    except ValueError:
        return False
    # Rust's i64 parser accepts no underscores or surrounding spaces, Python's does.
    return text.strip() == text and "_" not in text


def settings_named_in(source: str) -> set:
    """Settings a migration module reads: ``settings.NAME`` and ``getattr(settings, "NAME", ...)``."""
    return set(_SETTING_ATTRIBUTE.findall(source)) | set(_SETTING_GETATTR.findall(source))


def settings_to_pass(
    names: Iterable[str], settings: object, swappable: Iterable[str] = ()
) -> dict:
    """The value of each setting named (plus :data:`ALWAYS_PASSED` and the swappable model
    settings) that ``settings`` defines."""
    wanted = set(names) | set(ALWAYS_PASSED) | set(swappable)
    return {name: getattr(settings, name) for name in sorted(wanted) if hasattr(settings, name)}


def pg_major(server_version: int) -> int:
    """The major version of ``connection.pg_version`` (``150004`` → 15; ``90624`` → 9)."""
    return server_version // 10000


def supported_pg_version(major: int) -> tuple:
    """``(version to pass, note or None)``: migguard knows PostgreSQL 12 to 18; a server outside
    that range is checked as the nearest one, said in the note."""
    if major < OLDEST_PG:
        return OLDEST_PG, (
            f"PostgreSQL {major} is older than the oldest version migguard knows: "
            f"checked as PostgreSQL {OLDEST_PG}"
        )
    if major > NEWEST_PG:
        return NEWEST_PG, (
            f"PostgreSQL {major} is newer than the newest version migguard knows: "
            f"checked as PostgreSQL {NEWEST_PG}"
        )
    return major, None


def is_inside(path: str, folder: str) -> bool:
    """Whether ``path`` is ``folder`` or below it (both absolute, already resolved)."""
    folder = folder.rstrip("/\\")
    return path == folder or path.startswith(folder + "/") or path.startswith(folder + "\\")


def in_project(migrations_dir: str, project_dir: str, package_dirs: Iterable[str]) -> bool:
    """An app belongs to the project when its migrations are under the project folder and not
    inside an installed-packages folder (a virtualenv kept in the project)."""
    return is_inside(migrations_dir, project_dir) and not any(
        is_inside(migrations_dir, packages) for packages in package_dirs
    )


def plural(count: int, word: str) -> str:
    """``1 migration`` / ``2 migrations``."""
    return f"{count} {word}{'' if count == 1 else 's'}"
