from django.apps import AppConfig


class VolatileDbDefaultConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "volatile_db_default"
