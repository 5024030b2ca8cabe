from django.apps import AppConfig


class AddForeignKeyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "add_foreign_key"
