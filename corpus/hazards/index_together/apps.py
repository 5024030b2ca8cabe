from django.apps import AppConfig


class IndexTogetherConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "index_together"
