"""migguard: static safety checks for Django schema migrations on PostgreSQL.

The checks themselves are done by the ``migguard`` executable, which the wheel installs into the
interpreter's scripts directory. This package only helps Python code find and run it (the optional
Django app ``migguard.django`` uses :func:`find_binary`).
"""

from __future__ import annotations

import os
import shutil
import sys
import sysconfig

__all__ = ["BinaryNotFound", "find_binary"]

#: Environment variable that names the executable to use, overriding every lookup.
BINARY_ENV_VAR = "MIGGUARD_BIN"

_EXE_NAME = "migguard.exe" if os.name == "nt" else "migguard"


class BinaryNotFound(FileNotFoundError):
    """Raised by :func:`find_binary` when no ``migguard`` executable can be found."""


def _scripts_dirs() -> list[str]:
    """The scripts directories of the running interpreter's install schemes, most likely first.

    A wheel installed with ``pip install migguard`` puts the executable in the default scheme's
    ``scripts`` directory (the venv's ``bin/``); ``pip install --user`` uses the user scheme.
    """
    dirs = [sysconfig.get_path("scripts")]
    user_scheme = f"{os.name}_user"
    if user_scheme in sysconfig.get_scheme_names():
        dirs.append(sysconfig.get_path("scripts", user_scheme))
    # A venv created without the interpreter's own sysconfig paths still has its executable's dir.
    dirs.append(os.path.dirname(sys.executable))
    seen: list[str] = []
    for d in dirs:
        if d and d not in seen:
            seen.append(d)
    return seen


def find_binary() -> str:
    """Return the path of the ``migguard`` executable.

    Lookup order: the ``MIGGUARD_BIN`` environment variable (used as given; an error if it does not
    name an executable file), then the scripts directory of the running interpreter's install
    scheme(s), then ``PATH``. Raises :class:`BinaryNotFound` with the places it looked when there
    is none.
    """
    override = os.environ.get(BINARY_ENV_VAR)
    if override:
        if os.path.isfile(override) and os.access(override, os.X_OK):
            return override
        raise BinaryNotFound(
            f"{BINARY_ENV_VAR}={override!r} is not an executable file"
        )
    looked = []
    for d in _scripts_dirs():
        candidate = os.path.join(d, _EXE_NAME)
        looked.append(candidate)
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    on_path = shutil.which("migguard")
    if on_path:
        return on_path
    raise BinaryNotFound(
        "the migguard executable was not found (looked in "
        + ", ".join(looked)
        + " and on PATH); install it with `pip install migguard` or `cargo install migguard`,"
        + f" or set {BINARY_ENV_VAR} to its path"
    )
