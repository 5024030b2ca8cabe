from django.apps import AppConfig


class UniqueCallableDefaultConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "unique_callable_default"
