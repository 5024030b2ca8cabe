from django.apps import AppConfig


class AddNotNullDbDefaultConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "add_not_null_db_default"
