"""
Settings for migguard's deploy-hazard corpus: one app per case (see README.md).

The database is PostgreSQL when MIGGUARD_TEST_DATABASE_URL is set, e.g.
    postgres://user:password@127.0.0.1:5432/dbname
and SQLite (in the system temp dir, never inside the corpus) otherwise.
"""
import os
import tempfile
from urllib.parse import unquote, urlparse

SECRET_KEY = "corpus-hazards-not-a-secret"
DEBUG = True
ALLOWED_HOSTS = ["*"]

# One app per case, alphabetically.
CASE_APPS = [
    "add_check_constraint",
    "add_constraint_not_valid",
    "add_foreign_key",
    "add_index",
    "add_index_concurrently",
    "add_not_null",
    "add_not_null_db_default",
    "add_not_null_no_default",
    "add_nullable",
    "alter_fk_field",
    "alter_int_to_bigint_pk",
    "alter_model_table",
    "char_db_index",
    "concurrently_in_atomic",
    "db_column_change",
    "db_index_field",
    "drop_column",
    "drop_m2m",
    "drop_table",
    "generated_stored",
    "index_together",
    "lock_then_slow_work",
    "metadata_only",
    "new_table_same_migration",
    "not_analysed",
    "now_db_default",
    "numeric_precision_up",
    "remove_index",
    "rename_column",
    "rename_table",
    "run_python_no_reverse",
    "run_python_with_schema",
    "run_sql_create_index",
    "run_sql_no_reverse",
    "run_sql_update_all",
    "set_not_null",
    "unique_callable_default",
    "unique_constraint",
    "unique_field",
    "unique_together",
    "varchar_shrink",
    "varchar_to_text",
    "varchar_widen",
    "volatile_db_default",
]
INSTALLED_APPS = ["django.contrib.postgres"] + CASE_APPS

MIDDLEWARE = []
ROOT_URLCONF = "hazards.urls"
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
            "NAME": os.path.join(tempfile.gettempdir(), "migguard-corpus-hazards.sqlite3"),
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
