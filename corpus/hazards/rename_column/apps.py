from django.apps import AppConfig


class RenameColumnConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "rename_column"
