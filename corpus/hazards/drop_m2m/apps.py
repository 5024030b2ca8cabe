from django.apps import AppConfig


class DropM2mConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "drop_m2m"
