"""
Base settings of migguard's settings-reading corpus project (corpus/settings).

The database is PostgreSQL when MIGGUARD_TEST_DATABASE_URL is set, e.g.
postgres://user:pw@127.0.0.1:5432/db; otherwise SQLite in the system temp dir.
migguard reads these settings statically: nothing here is declared in a
migguard.toml.
"""
import os
import tempfile
from urllib.parse import unquote, urlparse

SECRET_KEY = "corpus-settings-not-a-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]

DJANGO_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
]
# people/apps.py gives the app the label "members".
LOCAL_APPS = [
    "people.apps.PeopleConfig",
    "blog",
]
INSTALLED_APPS = DJANGO_APPS + LOCAL_APPS

# blog's migrations live in blog/db_migrations (blog/migrations is stale and
# left out); notes has its migrations disabled.
MIGRATION_MODULES = {
    "blog": "blog.db_migrations",
    "notes": None,
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

MIDDLEWARE = []
ROOT_URLCONF = "siteproj.urls"
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
            "NAME": os.path.join(tempfile.gettempdir(), "migguard-corpus-settings.sqlite3"),
        }
    }

USE_TZ = True
TIME_ZONE = "UTC"
