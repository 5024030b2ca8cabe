from django.apps import AppConfig


class AddNotNullNoDefaultConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "add_not_null_no_default"
