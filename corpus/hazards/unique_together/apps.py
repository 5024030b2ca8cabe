from django.apps import AppConfig


class UniqueTogetherConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "unique_together"
