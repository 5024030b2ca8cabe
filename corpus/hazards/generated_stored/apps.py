from django.apps import AppConfig


class GeneratedStoredConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "generated_stored"
