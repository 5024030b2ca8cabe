from django.apps import AppConfig


class MetadataOnlyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "metadata_only"
