from django.apps import AppConfig


class ConcurrentlyInAtomicConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "concurrently_in_atomic"
