from django.apps import AppConfig


class UniqueConstraintConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "unique_constraint"
