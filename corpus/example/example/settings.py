"""
Settings for the migguard bundled example project (a small shop).

The database is PostgreSQL when MIGGUARD_TEST_DATABASE_URL is set, e.g.
    postgres://user:password@127.0.0.1:5432/dbname
and SQLite (in the system temp dir, never inside the corpus) otherwise.
"""
import os
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlparse

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "corpus-example-not-a-secret"
DEBUG = True
ALLOWED_HOSTS = ["*"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.postgres",
    "accounts",
    "catalog.apps.CatalogConfig",
    "orders",
    # The billing/ package declares label = "payments" in its AppConfig;
    # Django picks that config automatically because it is the only one.
    "billing",
]

MIDDLEWARE = []
ROOT_URLCONF = "example.urls"
TEMPLATES = []


def _database_from_url(url):
    parts = urlparse(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        raise ValueError(f"unsupported database URL scheme: {parts.scheme!r}")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")) or "postgres",
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
    }


_DATABASE_URL = os.environ.get("MIGGUARD_TEST_DATABASE_URL")
if _DATABASE_URL:
    DATABASES = {"default": _database_from_url(_DATABASE_URL)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.path.join(tempfile.gettempdir(), "migguard-corpus-example.sqlite3"),
        }
    }

AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
