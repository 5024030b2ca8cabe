# Minimal settings naming the installed apps, so that Django (and migguard,
# if it reads INSTALLED_APPS) sees both apps.

SECRET_KEY = "corpus-broken-duplicate-label"
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "inventory",
    "warehouse",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
