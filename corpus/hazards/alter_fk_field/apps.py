from django.apps import AppConfig


class AlterFkFieldConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "alter_fk_field"
