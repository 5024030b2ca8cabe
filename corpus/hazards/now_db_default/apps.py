from django.apps import AppConfig


class NowDbDefaultConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "now_db_default"
