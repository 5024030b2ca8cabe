"""migguard: static safety checks for Django schema migrations on PostgreSQL.

Minimal stand-in for the package module (the `dist` branch ships the full one): only
:func:`find_binary`, which the Django app ``migguard.django`` uses.
"""

from __future__ import annotations

import os
import shutil
import sysconfig

__all__ = ["find_binary"]


def find_binary() -> str:
    """Return the path of the ``migguard`` executable: ``$MIGGUARD_BIN``, else the running
    interpreter's scripts directory, else ``PATH``. Raises :class:`FileNotFoundError` saying
    where it looked when there is none."""
    override = os.environ.get("MIGGUARD_BIN")
    if override:
        if os.path.isfile(override) and os.access(override, os.X_OK):
            return override
        raise FileNotFoundError(f"MIGGUARD_BIN={override!r} is not an executable file")
    scripts = sysconfig.get_path("scripts")
    candidate = os.path.join(scripts, "migguard")
    if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
        return candidate
    on_path = shutil.which("migguard")
    if on_path:
        return on_path
    raise FileNotFoundError(
        f"the migguard executable was not found (looked in {scripts} and on PATH); "
        "install it with `pip install migguard`, or set MIGGUARD_BIN to its path"
    )
