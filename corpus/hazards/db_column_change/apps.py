from django.apps import AppConfig


class DbColumnChangeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "db_column_change"
