"""The app configuration of ``migguard.django`` (no models, no migrations)."""

from django.apps import AppConfig


class MigguardConfig(AppConfig):
    """Provides the ``migguard`` management command."""

    name = "migguard.django"
    # Not "django" (the default label of this module path), which would read as Django itself.
    label = "migguard"
    verbose_name = "migguard"
