"""Development settings: the base ones, plus apps added in three ways."""
from .base import *  # noqa: F401,F403

DEBUG = True

INSTALLED_APPS += ["extras"]

if DEBUG:
    INSTALLED_APPS.append("notes")

# A developer's own overrides, when the file exists (it does not here).
try:
    from .local import *  # noqa: F401,F403
except ImportError:
    pass
