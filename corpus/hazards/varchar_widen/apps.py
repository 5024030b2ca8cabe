from django.apps import AppConfig


class VarcharWidenConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "varchar_widen"
