from django.apps import AppConfig


class DropColumnConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "drop_column"
