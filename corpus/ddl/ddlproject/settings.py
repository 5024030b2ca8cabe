"""
Settings for migguard's DDL coverage project (corpus/ddl).

The migrations here target PostgreSQL only (extensions, collations, ranges,
exclusion constraints...). The database is PostgreSQL when
MIGGUARD_TEST_DATABASE_URL is set, e.g. postgres://user:pw@127.0.0.1:5432/db;
otherwise SQLite in the system temp dir, which is enough for
`showmigrations --plan` but not for `migrate` or `sqlmigrate`.
"""
import os
import tempfile
from urllib.parse import unquote, urlparse

SECRET_KEY = "corpus-ddl-not-a-secret"
DEBUG = True
ALLOWED_HOSTS = ["*"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.postgres",
    "pgext",
    "core",
    "columns",
    "alterations",
    "relations",
    "indexes",
    "custom",
]

MIDDLEWARE = []
ROOT_URLCONF = "ddlproject.urls"
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
            "NAME": os.path.join(tempfile.gettempdir(), "migguard-corpus-ddl.sqlite3"),
        }
    }

# AUTH_USER_MODEL is left at its default ("auth.User"): relations.0001 still
# refers to it through settings.AUTH_USER_MODEL / swappable_dependency.
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

USE_TZ = True
TIME_ZONE = "UTC"
