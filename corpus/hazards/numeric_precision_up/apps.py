from django.apps import AppConfig


class NumericPrecisionUpConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "numeric_precision_up"
