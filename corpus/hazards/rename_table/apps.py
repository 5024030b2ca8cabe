from django.apps import AppConfig


class RenameTableConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "rename_table"
