"""
Settings of migguard's static-evaluation corpus project (corpus/static).

The database is PostgreSQL when MIGGUARD_TEST_DATABASE_URL is set, e.g.
postgres://user:pw@127.0.0.1:5432/db; otherwise SQLite in the system temp dir.
migguard reads these settings statically (no migguard.toml, no --setting): the
apps' own settings modules (teams/conf.py, ledger/conf.py) read them in turn.
"""
import os
import tempfile
from urllib.parse import unquote, urlparse

SECRET_KEY = "corpus-static-not-a-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "teams",
    "ledger",
    "portal",
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Read by teams/conf.py: teams mode off, so the team model is the user model.
TEAMS_MODE_ENABLED = False
# Read by ledger/conf.py through a dict of options.
LEDGER_OPTIONS = {"USE_JSON": False}
# Read by ledger.fields.AccountKey.__init__ with getattr(settings, self.setting_name, "id").
LEDGER_KEY_TO_FIELD = "code"
# Read by portal/app_settings.py through AppSettings("PORTAL_")._setting("SLUG_LENGTH", 50).
PORTAL_SLUG_LENGTH = 64

MIDDLEWARE = []
ROOT_URLCONF = "staticproj.urls"
TEMPLATES = []

_DATABASE_URL = os.environ.get("MIGGUARD_TEST_DATABASE_URL")
if _DATABASE_URL:
    _url = urlparse(_DATABASE_URL)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(_url.path.lstrip("/")) or "postgres",
            "USER": unquote(_url.username or ""),
            "PASSWORD": unquote(_url.password or ""),
            "HOST": _url.hostname or "",
            "PORT": str(_url.port or ""),
        }
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.path.join(tempfile.gettempdir(), "migguard-corpus-static.sqlite3"),
        }
    }

USE_TZ = True
