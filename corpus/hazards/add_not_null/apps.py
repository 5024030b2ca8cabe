from django.apps import AppConfig


class AddNotNullConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "add_not_null"
