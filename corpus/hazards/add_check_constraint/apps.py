from django.apps import AppConfig


class AddCheckConstraintConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "add_check_constraint"
