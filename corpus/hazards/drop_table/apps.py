from django.apps import AppConfig


class DropTableConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "drop_table"
