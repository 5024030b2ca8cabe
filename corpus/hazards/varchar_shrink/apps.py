from django.apps import AppConfig


class VarcharShrinkConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "varchar_shrink"
