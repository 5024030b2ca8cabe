from django.apps import AppConfig


class AddNullableConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "add_nullable"
