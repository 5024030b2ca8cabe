from django.apps import AppConfig


class AlterModelTableConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "alter_model_table"
