from django.apps import AppConfig


class RunSqlCreateIndexConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "run_sql_create_index"
