from django.apps import AppConfig


class AddConstraintNotValidConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "add_constraint_not_valid"
