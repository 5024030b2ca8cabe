from django.apps import AppConfig


class NotAnalysedConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "not_analysed"
