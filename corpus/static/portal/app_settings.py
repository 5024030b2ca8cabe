"""The app's settings as properties of an object, reached through the module's PEP 562
``__getattr__`` (django-allauth's ``app_settings.py`` pattern)."""
from django.apps import apps


class AppSettings:
    def __init__(self, prefix):
        self.prefix = prefix

    def _setting(self, name, dflt):
        from portal.utils import get_setting

        return get_setting(self.prefix + name, dflt)

    @property
    def TEAMS_ENABLED(self):
        return apps.is_installed("teams")

    @property
    def SITES_ENABLED(self):
        return apps.is_installed("django.contrib.sites")

    @property
    def SLUG_LENGTH(self):
        return self._setting("SLUG_LENGTH", 50)

    @property
    def TITLE_LENGTH(self):
        return self._setting("TITLE_LENGTH", 120)


_app_settings = AppSettings("PORTAL_")


def __getattr__(name):
    # See https://peps.python.org/pep-0562/
    return getattr(_app_settings, name)
