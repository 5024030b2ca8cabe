from django.apps import AppConfig


class RunSqlUpdateAllConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "run_sql_update_all"
