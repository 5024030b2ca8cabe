"""Callable defaults (django-helpdesk's models.py pattern): functions whose body returns a
value, another function's result or a call Django evaluates when it writes the SQL."""
import uuid

from django.conf import settings

DEFAULT_PREFERENCES = {"page_size": 25, "layout": "tabs", "notify": True}

# LEDGER_PREFERENCES is not set in staticproj/settings.py: Django raises AttributeError.
try:
    DEFAULT_PREFERENCES.update(settings.LEDGER_PREFERENCES)
except AttributeError:
    pass

LAYOUT = settings.LEDGER_LAYOUT if hasattr(settings, "LEDGER_LAYOUT") else "rows"


def make_secret():
    """A fresh secret per row... as Django computes it once, for the DDL."""
    return str(uuid.uuid4())


def preference(name, fallback=None):
    from ledger.defaults import DEFAULT_PREFERENCES

    return DEFAULT_PREFERENCES.get(name, fallback)


def page_size_default():
    return preference("page_size")


def notify_default():
    return preference(name="notify")


def layout_default():
    return LAYOUT


def mode_default():
    if settings.DEBUG:
        return "debug"
    return "live"
