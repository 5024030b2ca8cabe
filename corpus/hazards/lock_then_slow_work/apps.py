from django.apps import AppConfig


class LockThenSlowWorkConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "lock_then_slow_work"
