from django.apps import AppConfig


class SetNotNullConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "set_not_null"
