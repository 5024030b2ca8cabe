from django.apps import AppConfig


class VarcharToTextConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "varchar_to_text"
