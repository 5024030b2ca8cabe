from django.apps import AppConfig


class RunSqlNoReverseConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "run_sql_no_reverse"
