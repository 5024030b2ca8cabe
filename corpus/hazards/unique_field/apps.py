from django.apps import AppConfig


class UniqueFieldConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "unique_field"
